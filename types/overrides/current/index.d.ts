/// <reference path="./socket.d.ts" />
