/**
 * Finds calls that block (sys.wait, sys.waitUntil, sys.waitUntilExt) where
 * no task is running: at the top level of a module, in callbacks the
 * firmware calls on the main thread (socket events, sys.subscribe, timers),
 * and in TSTL async functions and generators.
 *
 * Plain JavaScript so that both the build (compiler/blocking-calls.ts) and
 * the ESLint rules (which cannot load TypeScript here) run the very same
 * analysis. Types: blocking-analysis.d.ts. What it can and cannot decide is
 * documented in docs/blocking-calls.md.
 *
 * The model, in short:
 * - A "unit" is a function body, or the top level of a source file.
 * - A unit *blocks* when it calls a waiting primitive, or calls (directly,
 *   through an IIFE, or through pcall/xpcall) a unit that blocks. Async
 *   functions and generators never block their caller: calling them only
 *   creates a coroutine.
 * - "Main-thread" units are module top levels, functions registered as
 *   socket/subscribe/timer callbacks, and async functions and generators.
 *   Every blocking call written in a main-thread unit is an error at that
 *   call. So a helper called from tasks and from a callback is reported
 *   where the callback calls it, and a helper only called from tasks is
 *   never reported.
 * - A named function registered as a callback that itself blocks is an
 *   error at the registration (`so.on("recv", onRecv)`).
 * - A declaration whose JSDoc has `@blocking` (an interface method such as
 *   a topic handle's `wait`, a function implemented elsewhere) counts as
 *   a waiting primitive: calls that reach it block.
 * - A blocking function used as a value anywhere else (passed to an unknown
 *   function, stored in a table, returned, assigned) escapes the analysis:
 *   that is a "cannot verify" finding, reported where it escapes.
 */
import ts from "../../common/typescript.js";

/** The waiting primitives of `sys`: they yield the running coroutine. */
const WAITING = new Set(["wait", "waitUntil", "waitUntilExt"]);
/** sys functions whose callback runs on the main thread, and which argument it is. */
const MAIN_THREAD_REGISTRARS = new Map([
    ["subscribe", 1],
    ["timerStart", 0],
    ["timerLoopStart", 0],
]);
/** sys functions that take a function only to identify it; they never call it. */
const IDENTITY_ONLY = new Set(["unsubscribe", "timerStop", "timerStopAll", "timerIsActive"]);
/** Lua globals that call their first argument at once, on the caller's coroutine (pcall is yieldable in Lua 5.3). */
const SYNC_INVOKERS = new Set(["pcall", "xpcall"]);

const TASK_ADVICE = "start a task with sys.taskInit or publish a topic";

/**
 * @typedef {import("./blocking-analysis.js").BlockingFinding} BlockingFinding
 * @typedef {{ kind: "topLevel" } | { kind: "socket", event: string | undefined } | { kind: "subscribe", topic: string | undefined }
 *   | { kind: "timer", api: string } | { kind: "async" } | { kind: "generator" }} MainThreadContext
 */

/** @param {ts.Node} node */
function isFunctionUnit(node) {
    return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)
        || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node)
        || ts.isSetAccessorDeclaration(node);
}

/** @param {ts.Expression} expr */
function unwrap(expr) {
    let e = expr;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)
        || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) {
        e = e.expression;
    }
    return e;
}

/** The outermost expression a node is the value of, through parentheses and type assertions. */
function outerExpression(node) {
    let e = node;
    while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent)
        || ts.isTypeAssertionExpression(e.parent) || ts.isSatisfiesExpression(e.parent))) {
        e = e.parent;
    }
    return e;
}

/** @param {ts.Node} node */
function isAsyncOrGenerator(node) {
    if (!isFunctionUnit(node)) return false;
    const asyncFlag = (ts.getCombinedModifierFlags(/** @type {ts.Declaration} */ (node)) & ts.ModifierFlags.Async) !== 0;
    return asyncFlag || node.asteriskToken !== undefined;
}

/** `sys.<name>` declared in an ambient `declare namespace sys` (types/sys.d.ts). */
function sysMemberName(decl) {
    if (decl === undefined || !ts.isFunctionDeclaration(decl) || decl.name === undefined) return undefined;
    const block = decl.parent;
    if (!block || !ts.isModuleBlock(block)) return undefined;
    const ns = block.parent;
    if (!ts.isModuleDeclaration(ns) || !ts.isIdentifier(ns.name) || ns.name.text !== "sys") return undefined;
    return decl.name.text;
}

/** `so.on` of the Netclient interface in `declare namespace socket` (types/socket.d.ts). */
function isSocketOn(decl) {
    if (decl === undefined || !ts.isMethodSignature(decl) || !ts.isIdentifier(decl.name) || decl.name.text !== "on") return false;
    const iface = decl.parent;
    if (!ts.isInterfaceDeclaration(iface) || iface.name.text !== "Netclient") return false;
    const block = iface.parent;
    return ts.isModuleBlock(block) && ts.isModuleDeclaration(block.parent) && ts.isIdentifier(block.parent.name) && block.parent.name.text === "socket";
}

/**
 * Declared blocking with a `@blocking` JSDoc tag: on a function, method or
 * method signature, or on the property whose function type a call reached.
 */
function isDeclaredBlocking(decl) {
    if (decl === undefined) return false;
    const holder = ts.isFunctionTypeNode(decl) && decl.parent && (ts.isPropertySignature(decl.parent) || ts.isPropertyDeclaration(decl.parent)) ? decl.parent : decl;
    return ts.getJSDocTags(holder).some(tag => tag.tagName.text === "blocking");
}

/** A global function declared at the top of an ambient file (lua-types' pcall). */
function globalFunctionName(decl) {
    if (decl === undefined || !ts.isFunctionDeclaration(decl) || decl.name === undefined) return undefined;
    return ts.isSourceFile(decl.parent) && decl.parent.isDeclarationFile ? decl.name.text : undefined;
}

/** @param {ts.Expression | undefined} arg */
function literalText(arg) {
    if (arg === undefined) return undefined;
    const e = unwrap(arg);
    return ts.isStringLiteralLike(e) ? e.text : undefined;
}

/** @param {MainThreadContext} ctx */
function describeContext(ctx) {
    switch (ctx.kind) {
        case "topLevel":
            return { here: "this code runs at the top level of a module, on the main thread while the module loads, not in a task", advice: "move it into sys.taskInit(() => { ... })" };
        case "socket": {
            const what = ctx.event === undefined ? "socket callback" : `socket "${ctx.event}" callback`;
            return { what, here: `this ${what} runs on the main thread, not in a task`, advice: TASK_ADVICE };
        }
        case "subscribe": {
            const what = ctx.topic === undefined ? "sys.subscribe callback" : `sys.subscribe("${ctx.topic}") callback`;
            return { what, here: `this ${what} runs on the main thread, not in a task`, advice: `${TASK_ADVICE}, or wait for the topic with sys.waitUntil inside a task` };
        }
        case "timer": {
            const what = `sys.${ctx.api} callback`;
            return { what, here: `this ${what} runs on the main thread, not in a task`, advice: `${TASK_ADVICE}, or loop with sys.wait inside a task instead of a timer` };
        }
        case "async":
            return { here: "this async function is not a task: TSTL runs it in a coroutine of its own, so the wait yields to the async machinery and returns at once with nil", advice: "use a plain function started with sys.taskInit" };
        case "generator":
            return { here: "this generator is not a task: the wait yields to whoever called next()", advice: "use a plain function started with sys.taskInit" };
    }
    throw new Error(`unknown context ${JSON.stringify(ctx)}`);
}

/** Short source text of an expression for messages (`conn.open`, `helper`). */
function calleeText(expr, sourceFile) {
    const text = unwrap(expr).getText(sourceFile).replace(/\s+/g, " ");
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * How calls and values resolve to functions, through the program's type
 * checker. `touch` is told about every declaration a resolution looked at,
 * so a file's walk knows which other files its result depends on.
 *
 * @param {ts.TypeChecker} checker
 * @param {(node: ts.Node) => void} touch
 */
function createResolver(checker, touch) {
    /** The function a declaration stands for, when it is one we can follow. */
    function functionOfDeclaration(decl) {
        if (decl === undefined) return undefined;
        if ((ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isConstructorDeclaration(decl)) && decl.body !== undefined) return decl;
        if (ts.isVariableDeclaration(decl) && decl.initializer !== undefined
            && (ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) !== 0) {
            const init = unwrap(decl.initializer);
            if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
        }
        // Table members and class fields holding a function (`onData = () => ...`): followed like methods.
        if ((ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer !== undefined) {
            const init = unwrap(decl.initializer);
            if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
        }
        return undefined;
    }

    function symbolOf(expr) {
        const e = unwrap(expr);
        const at = ts.isPropertyAccessExpression(e) ? e.name : e;
        let sym = ts.isShorthandPropertyAssignment(at.parent) && at.parent.name === at
            ? checker.getShorthandAssignmentValueSymbol(at.parent)
            : checker.getSymbolAtLocation(at);
        if (sym && (sym.flags & ts.SymbolFlags.Alias) !== 0) sym = checker.getAliasedSymbol(sym);
        for (const d of sym?.declarations ?? []) touch(d);
        return sym;
    }

    function functionOfSymbol(sym) {
        if (!sym || !sym.declarations) return undefined;
        for (const d of sym.declarations) {
            const f = functionOfDeclaration(d);
            if (f !== undefined) return f;
        }
        return undefined;
    }

    /** A class without a constructor of its own: its field initialisers are the unit `new` runs. */
    function classOfSymbol(sym) {
        return sym?.declarations?.find(d => (ts.isClassDeclaration(d) || ts.isClassExpression(d))
            && !d.members.some(m => ts.isConstructorDeclaration(m) && m.body !== undefined));
    }

    /** A waiting primitive named by a value expression (`sys.wait` passed as a value). */
    function primitiveOfValue(expr) {
        const sym = symbolOf(expr);
        const name = sym?.declarations?.map(sysMemberName).find(n => n !== undefined);
        return name !== undefined && WAITING.has(name) ? `sys.${name}()` : undefined;
    }

    /** The function an expression denotes: a function expression, or a name bound to one. */
    function resolveFunctionValue(expr) {
        const e = unwrap(expr);
        if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
        if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) return functionOfSymbol(symbolOf(e));
        return undefined;
    }

    function resolvedDeclaration(call) {
        try {
            const decl = checker.getResolvedSignature(call)?.declaration;
            if (decl !== undefined) touch(decl);
            return decl;
        } catch {
            return undefined;
        }
    }

    return { functionOfDeclaration, symbolOf, functionOfSymbol, classOfSymbol, primitiveOfValue, resolveFunctionValue, resolvedDeclaration };
}

function labelOfCall(call) {
    if (ts.isNewExpression(call)) return `new ${calleeText(call.expression, call.getSourceFile())}()`;
    const e = unwrap(call.expression);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return "this immediately invoked function";
    return `${calleeText(call.expression, call.getSourceFile())}()`;
}

/**
 * What the analysis learns from one source file: its units (function
 * bodies and the file's top level) with their blocking calls and calls to
 * other units, the main-thread units, the callbacks it registers, and the
 * other files whose declarations its calls resolved to (`touched`): the
 * walk stays valid while this file, those files and the types of this
 * file stay as they were.
 *
 * @typedef {{
 *   file: ts.SourceFile,
 *   units: Map<ts.Node, { direct: { site: ts.Node, label: string, declared?: boolean }[], calls: { site: ts.Node, label: string, prefix?: string[], target: ts.Node }[] }>,
 *   mainThread: Map<ts.Node, MainThreadContext>,
 *   registrations: { site: ts.Node, target: ts.Node | undefined, label: string, ctx: MainThreadContext }[],
 *   placed: Set<ts.Node>,
 *   consumedArgs: Set<ts.Node>,
 *   touched: Set<ts.SourceFile>,
 * }} FileWalk
 */

/**
 * Walks one source file, resolving its calls through `checker`.
 *
 * @param {ts.SourceFile} file
 * @param {ts.TypeChecker} checker
 * @returns {FileWalk}
 */
function walkFile(file, checker) {
    /**
     * Per unit: its blocking calls and calls to other units, in source order.
     * `prefix`: names put before the target's own chain in messages.
     */
    const units = new Map();
    /** Main-thread units by unit node. */
    const mainThread = new Map();
    /** Named functions registered as main-thread callbacks. */
    const registrations = [];
    /** Function expressions whose place in the code is accounted for (callee, const initializer, known API argument). */
    const placed = new Set();
    /** Argument nodes consumed by a known API (not escapes). */
    const consumedArgs = new Set();
    const touched = new Set();
    const { functionOfDeclaration, symbolOf, classOfSymbol, primitiveOfValue, resolveFunctionValue, resolvedDeclaration } = createResolver(checker, node => {
        const sf = node.getSourceFile();
        if (sf !== file) touched.add(sf);
    });

    const unitOf = node => {
        let u = units.get(node);
        if (u === undefined) {
            u = { direct: [], calls: [] };
            units.set(node, u);
        }
        return u;
    };

    /** What a call's callee is, for the walk. */
    function classifyCall(call) {
        const decl = resolvedDeclaration(call);
        const sysName = sysMemberName(decl);
        if (sysName !== undefined) {
            if (WAITING.has(sysName)) return { kind: "primitive", label: `sys.${sysName}()` };
            // sysplus's taskInitEx starts its function with sys.taskInit (script/corelib/sysplus.lua).
            if (sysName === "taskInit" || sysName === "taskInitEx") return { kind: "task", argIndex: 0 };
            if (MAIN_THREAD_REGISTRARS.has(sysName)) {
                const argIndex = MAIN_THREAD_REGISTRARS.get(sysName);
                /** @type {MainThreadContext} */
                const ctx = sysName === "subscribe" ? { kind: "subscribe", topic: literalText(call.arguments[0]) } : { kind: "timer", api: sysName };
                return { kind: "register", argIndex, ctx };
            }
            if (IDENTITY_ONLY.has(sysName)) return { kind: "identity" };
            return { kind: "other" };
        }
        if (isDeclaredBlocking(decl)) return { kind: "primitive", label: labelOfCall(call), declared: true };
        if (isSocketOn(decl)) return { kind: "register", argIndex: 1, ctx: { kind: "socket", event: literalText(call.arguments[0]) } };
        const globalName = globalFunctionName(decl);
        if (globalName !== undefined && SYNC_INVOKERS.has(globalName)) return { kind: "invoke", argIndex: 0 };
        if (call.expression !== undefined) {
            const target = resolveFunctionValue(call.expression)
                ?? (decl !== undefined && isFunctionUnit(decl) && decl.body !== undefined ? decl : undefined)
                ?? (decl !== undefined && (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) ? decl : undefined)
                ?? (ts.isNewExpression(call) ? classOfSymbol(symbolOf(call.expression)) : undefined);
            if (target !== undefined) return { kind: "call", target };
        }
        return { kind: "other" };
    }

    /** Walks the file's nodes, recording units, calls, registrations. */
    function walk(node, unit) {
        if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
        let inner = unit;
        if (isFunctionUnit(node)) {
            inner = node;
            unitOf(node);
            if (isAsyncOrGenerator(node)) mainThread.set(node, { kind: node.asteriskToken ? "generator" : "async" });
        } else if (ts.isPropertyDeclaration(node) && node.initializer !== undefined
            && !(ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Static)) {
            // Instance field initializers run in the constructor.
            const cls = node.parent;
            const ctor = cls.members.find(m => ts.isConstructorDeclaration(m) && m.body !== undefined);
            inner = ctor ?? cls;
            unitOf(inner);
        }
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) visitCall(node, inner);
        if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.initializer !== undefined && functionOfDeclaration(node) !== undefined) {
            placed.add(unwrap(node.initializer));
        }
        ts.forEachChild(node, child => walk(child, inner));
    }

    function visitCall(call, unit) {
        const info = classifyCall(call);
        const args = call.arguments ?? [];
        switch (info.kind) {
            case "primitive":
                unitOf(unit).direct.push({ site: call, label: info.label, declared: info.declared === true });
                return;
            case "call":
                if (ts.isArrowFunction(unwrap(call.expression)) || ts.isFunctionExpression(unwrap(call.expression))) placed.add(unwrap(call.expression));
                unitOf(unit).calls.push({ site: call, label: labelOfCall(call), target: info.target });
                return;
            case "task": {
                const arg = args[info.argIndex];
                if (arg !== undefined) consume(arg);
                return;
            }
            case "identity":
                for (const arg of args) consume(arg, true);
                return;
            case "invoke": {
                const arg = args[info.argIndex];
                if (arg === undefined) return;
                consume(arg);
                const prim = primitiveOfValue(arg);
                if (prim !== undefined) {
                    unitOf(unit).direct.push({ site: call, label: prim });
                    return;
                }
                const target = resolveFunctionValue(arg);
                if (target !== undefined) {
                    const inline = ts.isArrowFunction(unwrap(arg)) || ts.isFunctionExpression(unwrap(arg));
                    const argText = inline ? "function" : calleeText(arg, call.getSourceFile());
                    // The chain names the function pcall runs: "pcall(step) blocks (it calls step() → sys.wait())".
                    const prefix = inline ? [] : [`${argText}()`];
                    unitOf(unit).calls.push({ site: call, label: `${calleeText(call.expression, call.getSourceFile())}(${argText})`, prefix, target });
                }
                return;
            }
            case "register": {
                const arg = args[info.argIndex];
                if (arg === undefined) return;
                consume(arg);
                const e = unwrap(arg);
                const prim = primitiveOfValue(arg);
                if (prim !== undefined) {
                    registrations.push({ site: arg, target: undefined, label: prim, ctx: info.ctx });
                } else if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
                    // Inline callback: its own blocking calls are reported inside it.
                    mainThread.set(e, info.ctx);
                } else {
                    const target = resolveFunctionValue(arg);
                    if (target !== undefined) registrations.push({ site: arg, target, label: `${calleeText(arg, call.getSourceFile())}()`, ctx: info.ctx });
                }
                return;
            }
            default:
                return;
        }
    }

    function consume(arg, identityOnly = false) {
        const e = unwrap(arg);
        consumedArgs.add(e);
        if (!identityOnly && (ts.isArrowFunction(e) || ts.isFunctionExpression(e))) placed.add(e);
    }

    unitOf(file);
    mainThread.set(file, { kind: "topLevel" });
    ts.forEachChild(file, child => walk(child, file));
    return { file, units, mainThread, registrations, placed, consumedArgs, touched };
}

/**
 * The whole-program part: which units block (following calls across the
 * walks of every file), then the findings located in `reportFiles`.
 *
 * @param {ts.TypeChecker} checker
 * @param {readonly FileWalk[]} walks every source file's walk, in the program's file order
 * @param {ReadonlySet<ts.SourceFile>} reportFiles
 * @returns {BlockingFinding[]}
 */
function findingsOf(checker, walks, reportFiles) {
    const { symbolOf, functionOfSymbol, resolveFunctionValue } = createResolver(checker, () => {});
    const placed = new Set();
    const consumedArgs = new Set();
    for (const w of walks) {
        for (const node of w.placed) placed.add(node);
        for (const node of w.consumedArgs) consumedArgs.add(node);
    }

    // Which units block, with the shortest chain to a primitive: a breadth-first
    // search from the units that wait themselves, along reversed call edges.
    /** @type {Map<ts.Node, { via: string[] }>} */
    const blocking = new Map();
    /** @type {Map<ts.Node, { caller: ts.Node, label: string, prefix: string[] }[]>} */
    const callers = new Map();
    for (const w of walks) {
        for (const [node, u] of w.units) {
            for (const c of u.calls) {
                let list = callers.get(c.target);
                if (!list) callers.set(c.target, list = []);
                list.push({ caller: node, label: c.label, prefix: c.prefix ?? [] });
            }
        }
    }
    const canBlockCaller = node => !ts.isSourceFile(node) && !isAsyncOrGenerator(node);
    let frontier = [];
    for (const w of walks) {
        for (const [node, u] of w.units) {
            if (u.direct.length > 0 && canBlockCaller(node)) {
                blocking.set(node, { via: [u.direct[0].label] });
                frontier.push(node);
            }
        }
    }
    while (frontier.length > 0) {
        const next = [];
        for (const target of frontier) {
            const via = blocking.get(target).via;
            for (const { caller, label, prefix } of callers.get(target) ?? []) {
                if (blocking.has(caller) || !canBlockCaller(caller)) continue;
                blocking.set(caller, { via: [label, ...prefix, ...via] });
                next.push(caller);
            }
        }
        frontier = next;
    }

    const because = via => (via.length === 0 ? "" : ` (it calls ${via.join(" → ")})`);

    /** @type {BlockingFinding[]} */
    const findings = [];
    const push = (node, severity, message) => {
        const sf = node.getSourceFile();
        if (!reportFiles.has(sf)) return;
        findings.push({ severity, file: sf, start: node.getStart(sf), length: node.getWidth(sf), message });
    };

    for (const w of walks) {
        for (const [node, ctx] of w.mainThread) {
            const u = w.units.get(node);
            if (!u) continue;
            const { here, advice } = describeContext(ctx);
            for (const d of u.direct) push(d.site, "error", `${d.label} blocks${d.declared ? " (declared @blocking)" : ""}, but ${here}; ${advice}`);
            for (const c of u.calls) {
                const b = blocking.get(c.target);
                if (b === undefined) continue;
                push(c.site, "error", `${c.label} blocks${because([...(c.prefix ?? []), ...b.via])}, but ${here}; ${advice}`);
            }
        }
    }
    for (const w of walks) {
        for (const r of w.registrations) {
            const b = r.target === undefined ? { via: [] } : blocking.get(r.target);
            if (b === undefined) continue;
            const { what, advice } = describeContext(r.ctx);
            push(r.site, "error", `${r.label} blocks${because(b.via)}, but it is registered here as a ${what}, which runs on the main thread, not in a task; ${advice}`);
        }
    }

    // Blocking functions used as values in places the analysis cannot follow.
    const blockingNames = new Set();
    for (const node of blocking.keys()) {
        const name = nameOfFunction(node);
        if (name !== undefined) blockingNames.add(name);
    }
    for (const w of walks) {
        if (!reportFiles.has(w.file)) continue;
        findEscapes(w.file);
    }

    function nameOfFunction(node) {
        if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name !== undefined && ts.isIdentifier(node.name)) return node.name.text;
        const p = outerExpression(node).parent;
        if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && ts.isIdentifier(p.name)) return p.name.text;
        return undefined;
    }

    /**
     * A table member implementing a member its contextual type declares
     * @blocking (`wait: ms => sys.waitUntil(...)` in a `Topic` literal):
     * callers reach it through that declaration, so it does not escape.
     */
    function implementsDeclaredBlocking(member) {
        const literal = member.parent;
        if (!literal || !ts.isObjectLiteralExpression(literal) || !member.name || !ts.isIdentifier(member.name)) return false;
        const type = checker.getContextualType(literal);
        const prop = type?.getProperty(member.name.text);
        return prop?.declarations?.some(isDeclaredBlocking) === true;
    }

    function escapeReport(node, target, how) {
        const b = blocking.get(target);
        if (b === undefined) return;
        const member = ts.isMethodDeclaration(target) ? target : outerExpression(target).parent;
        if (member && (ts.isPropertyAssignment(member) || ts.isMethodDeclaration(member)) && implementsDeclaredBlocking(member)) return;
        const name = nameOfFunction(target);
        const subject = name !== undefined && !(ts.isArrowFunction(node) || ts.isFunctionExpression(node)) ? `${name}()` : "this function";
        push(node, "warning", `${subject} blocks${because(b.via)} and ${how}; whether it runs inside a task cannot be checked statically. Call it directly from a task function, or pass it to sys.taskInit`);
    }

    /** How a value used at `expr` leaves the analysis, or undefined when it does not. */
    function escapeKind(expr) {
        const outer = outerExpression(expr);
        const p = outer.parent;
        if (!p) return undefined;
        if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === outer) return undefined;
        if (consumedArgs.has(unwrap(outer))) return undefined;
        if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(outer)) {
            return `is passed to ${calleeText(p.expression, p.getSourceFile())}() here`;
        }
        if (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isArrayLiteralExpression(p)) return "is stored in a table here";
        if (ts.isReturnStatement(p) || (ts.isArrowFunction(p) && p.body === outer)) return "is returned here";
        if (ts.isExportAssignment(p) || ts.isExportSpecifier(p) || ts.isTypeOfExpression(p)) return undefined;
        if (ts.isVariableDeclaration(p) && p.initializer === outer) {
            return placed.has(unwrap(outer)) ? undefined : "is kept in a variable that can be reassigned";
        }
        if (ts.isBinaryExpression(p) && p.right === outer && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return "is assigned here";
        return "is used here as a value";
    }

    function findEscapes(node) {
        if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)
            || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
        if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && !placed.has(node) && blocking.has(node)) {
            const how = escapeKind(node);
            if (how !== undefined) escapeReport(node, node, how);
        }
        if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(node.parent) && blocking.has(node)) {
            escapeReport(node.name, node, "is stored in a table here");
        }
        if (ts.isIdentifier(node) && blockingNames.has(node.text) && !isDeclarationName(node)) {
            const ref = ts.isPropertyAccessExpression(node.parent) && node.parent.name === node ? node.parent : node;
            const target = ts.isShorthandPropertyAssignment(node.parent) ? functionOfSymbol(symbolOf(node)) : resolveFunctionValue(ref);
            if (target !== undefined && blocking.has(target)) {
                const how = ts.isShorthandPropertyAssignment(node.parent) ? "is stored in a table here" : escapeKind(ref);
                if (how !== undefined) escapeReport(ref, target, how);
            }
        }
        ts.forEachChild(node, findEscapes);
    }

    function isDeclarationName(id) {
        const p = id.parent;
        return (ts.isFunctionDeclaration(p) || ts.isVariableDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertyAssignment(p)
            || ts.isParameter(p) || ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isPropertyDeclaration(p)
            || ts.isBindingElement(p)) && p.name === id;
    }

    findings.sort((a, b) => (a.file.fileName === b.file.fileName ? a.start - b.start : a.file.fileName < b.file.fileName ? -1 : 1));
    return findings;
}

/** The files a program's findings are reported in by default: its own sources, without declaration files and external libraries. */
function defaultReportFiles(program, sourceFiles) {
    return sourceFiles.filter(f => !program.isSourceFileFromExternalLibrary(f));
}

/**
 * Analyses a whole program and returns every finding in `files` (default:
 * the program's own source files, without declaration files and external
 * libraries). Calls are followed through every source file of the program,
 * so a helper imported from another module counts.
 *
 * @param {ts.Program} program
 * @param {readonly ts.SourceFile[]} [files]
 * @returns {BlockingFinding[]}
 */
export function analyzeBlockingCalls(program, files) {
    const checker = program.getTypeChecker();
    const sourceFiles = program.getSourceFiles().filter(f => !f.isDeclarationFile);
    const walks = sourceFiles.map(f => walkFile(f, checker));
    return findingsOf(checker, walks, new Set(files ?? defaultReportFiles(program, sourceFiles)));
}

/**
 * The same analysis for a sequence of programs that share unchanged source
 * files (a watch session's): each file's walk, the costly part, is kept and
 * reused while the file, the files its calls resolved into and its types
 * stay as they were, so a program differing in one file walks that file
 * and the files that call into it. The findings equal
 * {@link analyzeBlockingCalls}'s.
 *
 * @returns {{ analyze(program: ts.Program, typesChanged: ReadonlySet<string> | "all"): BlockingFinding[], walked: number }}
 */
export function createBlockingAnalysis() {
    /** @type {Map<string, FileWalk>} */
    let walks = new Map();
    const analysis = {
        /** How many files the last {@link analyze} walked (the others' walks were reused). */
        walked: 0,
        /**
         * @param {ts.Program} program
         * @param {ReadonlySet<string> | "all"} typesChanged files whose types may differ
         *   from the previous program's although their text did not change (TypeScript's
         *   affected files since the last call), or "all"
         */
        analyze(program, typesChanged) {
            const checker = program.getTypeChecker();
            const sourceFiles = program.getSourceFiles().filter(f => !f.isDeclarationFile);
            const current = f => program.getSourceFile(f.fileName) === f;
            const next = new Map();
            analysis.walked = 0;
            for (const file of sourceFiles) {
                const old = walks.get(file.fileName);
                const valid = old !== undefined && old.file === file && typesChanged !== "all" && !typesChanged.has(file.fileName) && [...old.touched].every(current);
                if (valid) {
                    next.set(file.fileName, old);
                } else {
                    next.set(file.fileName, walkFile(file, checker));
                    analysis.walked += 1;
                }
            }
            walks = next;
            return findingsOf(checker, [...next.values()], new Set(defaultReportFiles(program, sourceFiles)));
        },
    };
    return analysis;
}
