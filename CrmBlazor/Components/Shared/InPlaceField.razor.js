// A field edited in place: Enter (not in a multi-line text) saves, Escape cancels, and so does leaving it: Tab out, or a
// click anywhere but inside it or in one of its open lists (MudBlazor draws those elsewhere, in its popover layer).
//
// The editor's DOM arrives with a render batch, but its watch below is attached only after the server's
// OnAfterRenderAsync asks for it: a round trip or more later (longer on a busy server). A key pressed in between (a fast
// typist: click, type, Enter) would reach no listener and be lost, the field staying open with nothing saved. So the
// module, imported while the fields still read as text, listens on the document from the start, holds the first
// Enter, Escape or leaving of an editor that has no watch yet, and hands it to the watch when it comes.
const watched = new WeakSet();
const early = new WeakMap();

const listOpen = () => document.querySelector('.mud-popover-open') !== null;
// Not leaving: the field itself, its lists, and the reconnection dialog. That dialog takes the focus when the page loses
// its server (a drop, or a server pausing the page to restart); the user did not leave the field, and what they typed
// is kept open across the lost circuit (KeptTyping, decision 032) rather than saved unasked.
const insideOf = (editor, node) => node instanceof Node
    && (editor.contains(node) || (node instanceof Element && node.closest('.mud-popover, .mud-overlay, #components-reconnect-modal') !== null));
const isBlock = editor => editor.dataset.inPlaceBlock === 'true';
const isEnter = (e, editor) => e.key === 'Enter' && !e.shiftKey && !(e.target instanceof HTMLTextAreaElement) && !listOpen()
    && !(isBlock(editor) && e.target instanceof HTMLButtonElement);
const unwatched = node => {
    const editor = node instanceof Element ? node.closest('[data-in-place-editing]') : null;
    return editor !== null && !watched.has(editor) ? editor : null;
};
const hold = (editor, what) => {
    if (!early.has(editor)) {
        early.set(editor, what);
    }
};

document.addEventListener('keydown', e => {
    const editor = unwatched(e.target);
    if (editor === null) {
        return;
    }
    if (e.key === 'Escape' && !listOpen()) {
        e.preventDefault();
        e.stopPropagation();
        hold(editor, 'cancel');
    } else if (isEnter(e, editor)) {
        e.preventDefault();
        hold(editor, 'key');
    }
}, true);
document.addEventListener('focusout', e => {
    const editor = unwatched(e.target);
    if (editor !== null && e.relatedTarget !== null && !insideOf(editor, e.relatedTarget)) {
        hold(editor, 'leave');
    }
}, true);
document.addEventListener('pointerdown', e => {
    for (const editor of document.querySelectorAll('[data-in-place-editing]')) {
        if (!watched.has(editor) && !insideOf(editor, e.target)) {
            hold(editor, 'leave');
        }
    }
}, true);

export function watch(editor, dotnet, block) {
    let done = false;
    const inside = node => insideOf(editor, node);
    const finish = (method, ...args) => {
        if (done) {
            return;
        }
        done = true;
        // A refused save keeps the field open, its error next to it: the next Enter or leaving it tries again.
        dotnet.invokeMethodAsync(method, ...args).then(open => { done = open !== true; }, () => { done = false; });
    };
    const commit = byKey => {
        // The input's own change event goes first, so the value it holds is the one saved.
        const active = document.activeElement;
        if (active instanceof HTMLElement && editor.contains(active)) {
            active.dispatchEvent(new Event('change', { bubbles: true }));
        }
        finish('CommitAsync', byKey);
    };
    const onKey = e => {
        if (e.key === 'Escape' && !listOpen()) {
            e.preventDefault();
            e.stopPropagation();
            finish('CancelAsync');
        } else if (isEnter(e, editor)) {
            e.preventDefault();
            commit(true);
        }
    };
    const onFocusOut = e => {
        if (e.relatedTarget !== null && !inside(e.relatedTarget)) {
            commit(false);
        }
    };
    const onPointer = e => {
        if (!inside(e.target)) {
            commit(false);
        }
    };
    editor.addEventListener('keydown', onKey);
    editor.addEventListener('focusout', onFocusOut);
    document.addEventListener('pointerdown', onPointer, true);
    watched.add(editor);

    const held = early.get(editor);
    early.delete(editor);
    if (held === 'cancel') {
        finish('CancelAsync');
    } else if (held === 'key' || held === 'leave') {
        commit(held === 'key');
    } else {
        const first = editor.querySelector('input:not([type=hidden]):not([readonly]), textarea, input:not([type=hidden])');
        if (first instanceof HTMLElement && !editor.contains(document.activeElement)) {
            first.focus();
            if (first instanceof HTMLInputElement && first.select && first.type !== 'number') {
                first.select();
            }
        }
    }
    return {
        dispose() {
            watched.delete(editor);
            editor.removeEventListener('keydown', onKey);
            editor.removeEventListener('focusout', onFocusOut);
            document.removeEventListener('pointerdown', onPointer, true);
        },
    };
}
