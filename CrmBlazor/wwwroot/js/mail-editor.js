// The e-mail body editor's formatting (CrmBlazor/Components/Mail/MailBodyEditor.razor): wraps the selection of its
// textarea in Markdown marks, or starts list lines, and keeps the caret where the user continues typing.
// Ctrl+B, Ctrl+I and Ctrl+K in the textarea do what the toolbar's buttons do.

function textarea(host) {
    return host?.querySelector("textarea");
}

function apply(area, kind) {
    const start = area.selectionStart, end = area.selectionEnd, value = area.value;
    const selected = value.slice(start, end);
    let text, caretStart, caretEnd;
    if (kind === "bullets" || kind === "numbers") {
        const lineStart = value.lastIndexOf("\n", start - 1) + 1;
        const block = value.slice(lineStart, end);
        const lines = block.length === 0 ? [""] : block.split("\n");
        const marked = lines.map((line, i) => (kind === "bullets" ? "- " : `${i + 1}. `) + line).join("\n");
        area.setRangeText(marked, lineStart, end, "end");
        area.dispatchEvent(new Event("input", { bubbles: true }));
        return area.value;
    }
    if (kind === "link") {
        const label = selected || "text";
        text = `[${label}](https://)`;
        caretStart = start + label.length + 3;
        caretEnd = caretStart + "https://".length;
    } else {
        const mark = kind === "bold" ? "**" : "*";
        const inner = selected || (kind === "bold" ? "bold" : "italic");
        text = mark + inner + mark;
        caretStart = start + mark.length;
        caretEnd = caretStart + inner.length;
    }
    area.setRangeText(text, start, end, "select");
    area.setSelectionRange(caretStart, caretEnd);
    area.dispatchEvent(new Event("input", { bubbles: true }));
    return area.value;
}

export function format(host, kind) {
    const area = textarea(host);
    if (!area) {
        return null;
    }
    const value = apply(area, kind);
    area.focus();
    return value;
}

export function attach(host) {
    const area = textarea(host);
    if (!area || area.dataset.mailEditor) {
        return;
    }
    area.dataset.mailEditor = "1";
    area.addEventListener("keydown", e => {
        if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) {
            return;
        }
        const kind = { b: "bold", i: "italic", k: "link" }[e.key.toLowerCase()];
        if (kind) {
            e.preventDefault();
            apply(area, kind);
        }
    });
}
