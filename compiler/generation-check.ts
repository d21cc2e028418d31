/**
 * Firmware written for today's LuatOS built for a 2021 board. The other way
 * round is supported (a firmware typed for the 2021 API runs on today's
 * boards through netclient-compat), this way is not: the 2021 firmware has
 * no `socket.create`, `sys.taskInitEx`, `zbuff`, `libnet`. What the user
 * would otherwise see is either TypeScript's "Property 'taskInitEx' does
 * not exist on type 'typeof sys'" (typed against the 2021 declarations), or
 * nothing at build time and `attempt to call a nil value` from the heap
 * step (typed against today's). Both become one diagnostic each that names
 * the board's generation:
 *
 * - LTS1401 at each use of an API of today's firmware that the 2021
 *   firmware lacks (in place of TypeScript's error there);
 * - LTS1402 once for a project typed against today's declarations
 *   (types/current) built for a 2021 board.
 *
 * Which APIs are today's only comes from the extracts of the LuatOS
 * sources, through the module indexes the declarations generator writes
 * (types/generated/<generation>/modules.json, which ship with the toolkit).
 */
import * as path from "node:path";
import ts from "../common/typescript.js";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
import { moduleIndex, type FirmwareModule } from "../image/board-modules.js";
import { BOARD_NAMES, getBoard, type BoardProfile } from "../image/boards.js";
import { currentOnlyApi as currentOnlyApiDiagnostic, nodeAt, typedForCurrentGeneration } from "./diagnostics.js";

/** TypeScript's codes for a name or member that does not exist (2304/2552 name, 2339/2551 property, 2307 module). */
const MISSING = new Set([2304, 2552, 2339, 2551, 2307]);

/** The 2021 way of doing what a current-only API does, where there is one. */
const INSTEAD: Record<string, string> = {
    "sys.taskInitEx": "sys.taskInit",
    "sys.waitMsg": "sys.waitUntil",
    "sys.sendMsg": "sys.publish",
    "socket.create": "socket.tcp() or socket.udp() (the netclient API)",
    "socket.connect": "so:host(), so:port() and so:start() (the netclient API)",
    zbuff: "strings",
    libnet: "the netclient API's callbacks (socket.tcp, so:on)",
};

interface ApiSets {
    /** Modules of today's firmware that the 2021 firmware does not have. */
    modules: Set<string>;
    /** Per module both have: members only today's firmware has. */
    members: Map<string, Set<string>>;
}

let apiSets: ApiSets | undefined;

/** A module's members by the module index (image/board-modules.ts): its functions and constants. */
const membersOf = (module: FirmwareModule) => [...module.functions, ...(module.constants ?? [])];

/** What today's firmware has and the 2021 firmware has not, from the module indexes of the declarations (read once). */
function currentOnly(): ApiSets {
    if (apiSets !== undefined) return apiSets;
    const old = moduleIndex("2021").modules;
    const now = moduleIndex("current").modules;
    const modules = new Set<string>();
    const members = new Map<string, Set<string>>();
    for (const [name, module] of Object.entries(now)) {
        const before = old[name];
        if (before === undefined) {
            modules.add(name);
            continue;
        }
        const had = new Set(membersOf(before));
        const added = membersOf(module).filter(member => !had.has(member));
        if (added.length > 0) members.set(name, new Set(added));
    }
    return (apiSets = { modules, members });
}

/** The current-only API a missing-name diagnostic is about (`sys.taskInitEx`, `zbuff`, `libnet`), and the node to report at. */
function currentOnlyUse(diagnostic: ts.Diagnostic): { api: string; node: ts.Node } | undefined {
    if (diagnostic.source !== undefined || !MISSING.has(diagnostic.code) || diagnostic.file === undefined || diagnostic.start === undefined) return undefined;
    const node = nodeAt(diagnostic.file, diagnostic.start);
    if (node === undefined) return undefined;
    const { modules, members } = currentOnly();
    if (ts.isStringLiteral(node) && ts.isImportDeclaration(node.parent) && modules.has(node.text)) return { api: node.text, node: node.parent };
    if (!ts.isIdentifier(node)) return undefined;
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name === node && ts.isIdentifier(parent.expression)) {
        const module = parent.expression.text;
        if (members.get(module)?.has(node.text) === true || modules.has(module)) return { api: `${module}.${node.text}`, node: parent };
        return undefined;
    }
    return modules.has(node.text) ? { api: node.text, node } : undefined;
}

/** The 2021 equivalent of an API, if any: by member, else by module. */
function insteadOf(api: string): string | undefined {
    return INSTEAD[api] ?? INSTEAD[api.split(".")[0]!];
}

const currentBoards = () => BOARD_NAMES.filter(name => getBoard(name).generation === "current" && getBoard(name).luaVm !== undefined).join(", ");

/** Whether the program is typed against today's declarations (the toolkit's types/current/, any board's entry). */
function typedForCurrent(program: ts.Program): boolean {
    const current = path.join(TOOLKIT_ROOT, "types", "current") + path.sep;
    return program.getSourceFiles().some(file => path.resolve(file.fileName).startsWith(current));
}

/**
 * The build's diagnostics with the generation explained for a 2021 board:
 * LTS1402 first when the project is typed for today's firmware, and
 * TypeScript's missing-name errors about today's APIs replaced by LTS1401.
 * Other boards' diagnostics come back as they are.
 */
export function checkGeneration(program: ts.Program, board: BoardProfile, diagnostics: readonly ts.Diagnostic[]): ts.Diagnostic[] {
    if (board.generation !== "2021") return [...diagnostics];
    const out: ts.Diagnostic[] = [];
    if (typedForCurrent(program)) out.push(typedForCurrentGeneration(board.name, currentBoards()));
    for (const diagnostic of diagnostics) {
        const use = currentOnlyUse(diagnostic);
        if (use === undefined) out.push(diagnostic);
        else out.push(currentOnlyApiDiagnostic(use.node, use.api, board.name, insteadOf(use.api), currentBoards()));
    }
    return out;
}
