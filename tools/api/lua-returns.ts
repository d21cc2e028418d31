/**
 * What a Lua function's body returns, read from its text: the most values
 * any `return` of the function itself (not of a nested function) gives.
 * Used to tell a documented function that returns nothing from one whose
 * doc just leaves its results out.
 */

/** The text with comments and string literals blanked (same length, newlines kept). */
function blank(text: string): string {
    return text.replace(/--\[(=*)\[[\s\S]*?\]\1\]|--[^\n]*|\[(=*)\[[\s\S]*?\]\2\]|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g,
        m => m.replace(/[^\n]/g, " ").replace(/^ /, m.startsWith('"') || m.startsWith("'") ? "s" : " "));
}

/** Number of expressions in a return list (`a, f(b, c), {d, e}` is 3; `nil` alone is 0). */
function countValues(list: string): number {
    // `return nil` gives nothing more than a bare `return`.
    if (list.trim() === "" || list.trim() === "nil") return 0;
    let depth = 0;
    let n = 1;
    for (const ch of list) {
        if (ch === "(" || ch === "{" || ch === "[") depth++;
        else if (ch === ")" || ch === "}" || ch === "]") depth--;
        else if (ch === "," && depth === 0) n++;
    }
    return n;
}

/**
 * The most values a `return` of the function starting at `start` (the
 * offset of its `function` keyword) gives: 0 when it never returns a value;
 * undefined when its end cannot be found.
 */
export function maxReturnValues(source: string, start: number): number | undefined {
    const text = blank(source);
    const tokenRe = /\b(function|if|do|repeat|end|until|return|then|elseif|else|while|for)\b/g;
    tokenRe.lastIndex = start;
    // Stack of open blocks; `fn` marks a function's.
    const stack: string[] = [];
    let most = 0;
    for (let m = tokenRe.exec(text); m; m = tokenRe.exec(text)) {
        const word = m[1]!;
        switch (word) {
            case "function": stack.push("fn"); break;
            case "if": case "do": case "repeat": stack.push(word); break;
            case "end": case "until": {
                stack.pop();
                if (stack.length === 0) return most;
                break;
            }
            case "return": {
                if (stack.filter(s => s === "fn").length !== 1) break;
                // The list runs to the end of the statement: a block keyword, `;`, or the line's end before one.
                const rest = text.slice(m.index + word.length);
                const stop = rest.search(/\b(?:end|else|elseif|until)\b|;|\n\s*\n/);
                const list = (stop < 0 ? rest : rest.slice(0, stop)).replace(/\n[\s\S]*$/, s => (/^\n\s*[,)}\]]/.test(s) ? s : ""));
                most = Math.max(most, countValues(list));
                break;
            }
            default: break; // `while`/`for` open with their `do`; `then`/`else`/`elseif` do not open
        }
    }
    return undefined;
}
