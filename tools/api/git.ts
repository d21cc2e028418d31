/**
 * Reading a LuatOS git directory at a commit without a work tree: list
 * files, grep, and read many blobs in one `git cat-file --batch`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { UserError } from "../../common/user-error.js";

/** A git directory (bare or a checkout) pinned to one commit. */
export class GitTree {
    readonly commit: string;
    readonly date: string;

    constructor(readonly gitDir: string, commitish: string) {
        const out = this.git(["log", "-1", "--format=%H %cI", commitish, "--"], `${gitDir} has no commit ${commitish}`);
        const [commit, date] = out.trim().split(" ");
        this.commit = commit!;
        this.date = date!;
    }

    private git(args: string[], failure: string): string {
        try {
            return execFileSync("git", ["-C", this.gitDir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
        } catch {
            throw new UserError(failure);
        }
    }

    /** Paths of the files under `prefixes` (all when empty). */
    list(prefixes: string[] = []): string[] {
        return this.git(["ls-tree", "-r", "--name-only", this.commit, "--", ...prefixes], `cannot list ${this.commit}`).split("\n").filter(Boolean);
    }

    /** Paths (under `pathspecs`) whose text matches the extended regular expression. */
    grepFiles(pattern: string, pathspecs: string[]): string[] {
        const r = spawnSync("git", ["-C", this.gitDir, "grep", "-l", "-E", pattern, this.commit, "--", ...pathspecs], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        // Blobs absent from a partial clone make git grep complain on stderr; the rest is still listed.
        return r.stdout.split("\n").filter(Boolean).map(l => l.slice(this.commit.length + 1)).sort();
    }

    /** The text of each path, with LF line ends; paths whose blob is missing are left out. */
    read(paths: string[]): Map<string, string> {
        const out = new Map<string, string>();
        if (paths.length === 0) return out;
        const r = spawnSync("git", ["-C", this.gitDir, "cat-file", "--batch"], {
            input: paths.map(p => `${this.commit}:${p}`).join("\n") + "\n",
            maxBuffer: 1024 * 1024 * 1024,
        });
        const buf = r.stdout;
        let pos = 0;
        for (const p of paths) {
            const nl = buf.indexOf(10, pos);
            if (nl < 0) break;
            const header = buf.subarray(pos, nl).toString("utf8");
            pos = nl + 1;
            const m = /^[0-9a-f]+ blob (\d+)$/.exec(header);
            if (!m) continue; // "missing" or not a blob
            const size = Number(m[1]);
            // Line ends as LF only: a CR would hide a line's end from the line-wise readers (`#ifdef X\r`).
            out.set(p, buf.subarray(pos, pos + size).toString("utf8").replace(/\r\n?/g, "\n"));
            pos += size + 1;
        }
        return out;
    }

    /** The text of one path, or undefined. */
    readOne(path: string): string | undefined {
        return this.read([path]).get(path);
    }
}
