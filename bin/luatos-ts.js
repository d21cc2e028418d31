#!/usr/bin/env node
// The toolkit is written in TypeScript and runs from source through tsx,
// so an install from git or a folder needs no compile step.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
