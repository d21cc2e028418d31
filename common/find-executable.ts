import * as fs from "node:fs";
import * as path from "node:path";

/** Finds an executable by name in PATH (or checks a path). */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const isExecutable = (file: string): boolean => {
        try {
            fs.accessSync(file, fs.constants.X_OK);
            return fs.statSync(file).isFile();
        } catch {
            return false;
        }
    };
    if (name.includes("/")) return isExecutable(name) ? path.resolve(name) : undefined;
    for (const dir of (env.PATH ?? "").split(path.delimiter)) {
        if (dir !== "" && isExecutable(path.join(dir, name))) return path.join(dir, name);
    }
    return undefined;
}
