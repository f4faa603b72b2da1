// A field edited in place: Enter (not in a multi-line text) saves, Escape cancels, and so does leaving it: Tab out, or a
// click anywhere but inside it or in one of its open lists (MudBlazor draws those elsewhere, in its popover layer).
export function watch(editor, dotnet, block) {
    let done = false;
    const listOpen = () => document.querySelector('.mud-popover-open') !== null;
    const inside = node => node instanceof Node && (editor.contains(node) || (node instanceof Element && node.closest('.mud-popover, .mud-overlay') !== null));
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
        } else if (e.key === 'Enter' && !e.shiftKey && !(e.target instanceof HTMLTextAreaElement) && !listOpen()
            && !(block && e.target instanceof HTMLButtonElement)) {
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
    const first = editor.querySelector('input:not([type=hidden]):not([readonly]), textarea, input:not([type=hidden])');
    if (first instanceof HTMLElement && !editor.contains(document.activeElement)) {
        first.focus();
        if (first instanceof HTMLInputElement && first.select && first.type !== 'number') {
            first.select();
        }
    }
    return {
        dispose() {
            editor.removeEventListener('keydown', onKey);
            editor.removeEventListener('focusout', onFocusOut);
            document.removeEventListener('pointerdown', onPointer, true);
        },
    };
}
