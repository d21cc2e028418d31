import * as fs from "node:fs";
import type { Command } from "commander";
import { UserError } from "../../common/user-error.js";
import { extractFiles } from "../../image/extract.js";
import { readLuaDb } from "../../image/luadb.js";
import { runCommand } from "../run-command.js";

export function registerInspect(program: Command): void {
    program
        .command("inspect")
        .description("validate a LuaDB script image, list its files and optionally extract them")
        .argument("<IMAGE>", "the image (for example build/script.bin)")
        .option("-x, --extract <dir>", "write every file into this folder (never outside it; nothing is written unless the whole image is valid)")
        .addHelpText("after", "\nExit codes: 0 valid image, 1 invalid image or unsafe extraction (one line naming the field and offset), 2 a usage error.")
        .action((image: string, flags: { extract?: string }) =>
            runCommand(() => {
                if (!fs.existsSync(image) || !fs.statSync(image).isFile()) throw new UserError(`image ${image} does not exist`);
                const parsed = readLuaDb(fs.readFileSync(image));
                const total = fs.statSync(image).size;
                const md5 = parsed.md5 === undefined ? "" : `, MD5 record ${parsed.md5.toString("hex")}`;
                console.log(
                    `${image}: LuaDB version ${parsed.version}, ${parsed.style} style, header length ${parsed.headerLength}, ` +
                        `${parsed.count} files in the header${md5}, ${total} bytes`,
                );
                const width = Math.max(12, ...parsed.files.map(f => f.name.length));
                for (const file of parsed.files) console.log(`  ${file.name.padEnd(width)}  ${String(file.data.length).padStart(8)} B`);
                if (flags.extract !== undefined) {
                    const written = extractFiles(parsed.files, flags.extract);
                    console.log(`extracted ${written.length} files into ${flags.extract}`);
                }
            }),
        );
}
