import type { Command } from "commander";
import { UserError } from "../../common/user-error.js";
import { extractFiles, unsafeName } from "../../image/extract.js";
import { readLuaDb } from "../../image/luadb.js";
import { readInputFile } from "../../image/user-files.js";
import { runCommand } from "../run-command.js";

export function registerInspect(program: Command): void {
    program
        .command("inspect")
        .description("validate a LuaDB script image, list its files and optionally extract them")
        .argument("<IMAGE>", "the image (for example build/script.bin)")
        .option("-x, --extract <dir>", "write every file into this folder (never outside it; nothing is written unless the whole image is valid)")
        .addHelpText(
            "after",
            "\nFile names that are absolute paths or contain `..` are listed as INVALID and make the image invalid.\n" +
                "Exit codes: 0 valid image, 1 invalid image, unreadable image or unsafe or unwritable extraction\n" +
                "(one line naming the field and offset, or the path), 2 a usage error.",
        )
        .action((image: string, flags: { extract?: string }) =>
            runCommand(() => {
                const bytes = readInputFile(image, "image");
                const parsed = readLuaDb(bytes);
                const md5 = parsed.md5 === undefined ? "" : `, MD5 record ${parsed.md5.toString("hex")}`;
                console.log(
                    `${image}: LuaDB version ${parsed.version}, ${parsed.style} style, header length ${parsed.headerLength}, ` +
                        `${parsed.count} files in the header${md5}, ${bytes.length} bytes`,
                );
                const width = Math.max(12, ...parsed.files.map(f => f.name.length));
                const invalid: string[] = [];
                for (const file of parsed.files) {
                    const why = unsafeName(file.name);
                    if (why !== undefined) invalid.push(`"${file.name}" (${why})`);
                    console.log(`  ${file.name.padEnd(width)}  ${String(file.data.length).padStart(8)} B${why === undefined ? "" : `  INVALID: ${why}`}`);
                }
                if (invalid.length > 0) {
                    throw new UserError(`${image}: invalid file names ${invalid.join(", ")}: the device has no folders and extraction would leave the target folder${flags.extract === undefined ? "" : "; nothing was extracted"}`);
                }
                if (flags.extract !== undefined) {
                    const written = extractFiles(parsed.files, flags.extract);
                    console.log(`extracted ${written.length} files into ${flags.extract}`);
                }
            }),
        );
}
