// Ctrl+K (Cmd+K on a Mac) anywhere opens search everywhere; one listener for the page.
let handler = null;

export function listen(component) {
    stop();
    handler = e => {
        if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'k' || e.key === 'K')) {
            e.preventDefault();
            component.invokeMethodAsync('OpenFromShortcut');
        }
    };
    document.addEventListener('keydown', handler);
}

export function stop() {
    if (handler) {
        document.removeEventListener('keydown', handler);
        handler = null;
    }
}
