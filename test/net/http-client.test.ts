import { describe, expect, it } from "vitest";
import { HttpResponseParser, atoi, parseHttpUrl, type ResponseHead } from "../../runtime/net/http-client.js";

const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/** Feeds `pieces` to a parser (then the close, when asked) and records what it reported. */
function parse(pieces: string[], close = false) {
    const events: string[] = [];
    let head: ResponseHead | undefined;
    const parser = new HttpResponseParser({
        onHeader: (name, value) => events.push(`header ${text(name)}=${value === undefined ? "(none)" : text(value)}`),
        onHeadersComplete: h => {
            head = h;
            events.push("headers-complete");
        },
        onBody: data => events.push(`body ${text(data)}`),
        onChunkHeader: size => events.push(`chunk ${size}`),
        onMessageComplete: () => events.push("complete"),
    });
    for (const piece of pieces) parser.push(Buffer.from(piece, "latin1"));
    if (close) parser.finish();
    return { events, head, parser };
}

describe("HttpResponseParser", () => {
    it("a Content-Length body, however the bytes are split, ends after that many bytes", () => {
        const whole = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world";
        const { events, head, parser } = parse([whole]);
        expect(head).toEqual({ status: 200, chunked: false, contentLength: 11 });
        expect(events).toEqual(["header Content-Type=text/plain", "header Content-Length=11", "headers-complete", "body hello world", "complete"]);
        expect(parser.done).toBe(true);
        // One byte at a time: the same headers, the body in pieces.
        const split = parse(whole.split(""));
        expect(split.events.filter(e => !e.startsWith("body"))).toEqual(events.filter(e => !e.startsWith("body")));
        expect(split.events.filter(e => e.startsWith("body")).map(e => e.slice(5)).join("")).toBe("hello world");
    });

    it("bytes after the Content-Length body are not body", () => {
        const { events } = parse(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabEXTRA"]);
        expect(events.slice(-2)).toEqual(["body ab", "complete"]);
    });

    it("a chunked body: chunk sizes in hex with extensions, the framing removed, trailers skipped", () => {
        const { events, head } = parse(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfirst,", "\r\na;ext=1\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"]);
        expect(head?.chunked).toBe(true);
        expect(events).toEqual(["header Transfer-Encoding=chunked", "headers-complete", "chunk 6", "body first,", "chunk 10", "body 0123456789", "chunk 0", "complete"]);
    });

    it("a body without length or chunks ends with the connection", () => {
        const { events, parser } = parse(["HTTP/1.0 200 OK\r\nConnection: close\r\n\r\npart one,", "part two"]);
        expect(events).toEqual(["header Connection=close", "headers-complete", "body part one,", "body part two"]);
        expect(parser.done).toBe(false);
        parser.finish();
        expect(events.at(-1)).toBe("complete");
        expect(parser.done).toBe(true);
    });

    it("Content-Length 0 completes at the end of the headers; blanks before a value are skipped, an empty value has none", () => {
        const { events } = parse(["HTTP/1.1 404 Not Found\r\nX-A: \t v\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n"]);
        expect(events).toEqual(["header X-A=v", "header X-Empty=(none)", "header Content-Length=0", "headers-complete", "complete"]);
    });

    it("204 and 304 end with their headers, without waiting for a body", () => {
        expect(parse(["HTTP/1.1 204 No Content\r\nX: y\r\n\r\n"]).events).toEqual(["header X=y", "headers-complete", "complete"]);
        expect(parse(["HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n"]).events.at(-1)).toBe("complete");
    });

    it("a status line that is not HTTP fails the parse; later data is ignored", () => {
        const { events, parser } = parse(["SSH-2.0-OpenSSH\r\n", "HTTP/1.1 200 OK\r\n\r\n"]);
        expect(parser.failed).toBe(true);
        expect(events).toEqual([]);
    });
});

describe("parseHttpUrl (http_set_url)", () => {
    it("host, port, path and credentials as the firmware splits them", () => {
        expect(parseHttpUrl("http://example.com/a/b?c=1")).toEqual({ tls: false, host: "example.com", port: 80, path: "/a/b?c=1", auth: "" });
        expect(parseHttpUrl("https://example.com")).toEqual({ tls: true, host: "example.com", port: 443, path: "/", auth: "" });
        expect(parseHttpUrl("http://u:p@10.0.0.1:8080/x")).toEqual({ tls: false, host: "10.0.0.1", port: 8080, path: "/x", auth: "u:p" });
        expect(parseHttpUrl("http://[::1]:81/v6")).toEqual({ tls: false, host: "::1", port: 81, path: "/v6", auth: "" });
        // atoi of a port that is not a number: 0, so the scheme's default.
        expect(parseHttpUrl("http://host:abc/")).toMatchObject({ host: "host", port: 80 });
    });

    it("the firmware's error texts", () => {
        expect(parseHttpUrl("ftp://example.com/")).toEqual({ error: "only http/https supported ftp://example.com/" });
        expect(parseHttpUrl("http://ab")).toEqual({ error: "url too short http://ab" });
        expect(parseHttpUrl("http:///path")).toEqual({ error: "host not found http:///path" });
        expect(parseHttpUrl(`http://${"h".repeat(300)}/`)).toEqual({ error: `host too long http://${"h".repeat(300)}/` });
    });

    it("atoi", () => {
        expect([atoi(" 42x"), atoi("-7"), atoi("x"), atoi("")]).toEqual([42, -7, 0, 0]);
    });
});
