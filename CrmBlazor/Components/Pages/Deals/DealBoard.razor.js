// Native HTML5 drag and drop, the keyboard moves and the cards' actions buttons of the deal board. The board listens
// once for the browser's events, so no card needs a handler on the server (a card is only markup there). For a drag it
// marks where the card would land and, on a drop, tells .NET which deal went to which stage at which index among that
// column's other cards. Only cards with draggable="true" (the ones the user may change) can be dragged or moved.

export function attach(host, board) {
    let dealId = null;
    let marked = null;

    const closest = (target, selector) => (target instanceof Element ? target.closest(selector) : null);

    // A drop at height y goes before the first other card whose middle is below it, or after the last.
    function placeIn(column, y) {
        const others = [...column.querySelectorAll("[data-deal-id]")].filter(card => card.dataset.dealId !== dealId);
        const index = others.findIndex(card => {
            const box = card.getBoundingClientRect();
            return y < box.top + box.height / 2;
        });
        return index < 0 ? { index: others.length, before: null } : { index, before: others[index] };
    }

    function mark(element, indicator) {
        if (marked !== element || (element && !element.classList.contains(indicator))) {
            marked?.classList.remove("drop-before", "drop-at-end");
            element?.classList.add(indicator);
            marked = element;
        }
    }

    // The others at this board see which card this user carries (who else is here: the board's presence).
    function carry(id) {
        board.invokeMethodAsync("Carry", id).catch(() => { });
    }

    function end() {
        host.querySelector(".deal-card.dragging")?.classList.remove("dragging");
        mark(null);
        if (dealId !== null) {
            carry(null);
        }
        dealId = null;
    }

    host.addEventListener("dragstart", e => {
        const card = closest(e.target, '[data-deal-id][draggable="true"]');
        if (!card) {
            return;
        }
        dealId = card.dataset.dealId;
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", dealId);
        card.classList.add("dragging");
        // Heard on the card too: a card whose text changed while it was dragged is a new element, and the old one's
        // dragend no longer reaches the board (a second end() does nothing).
        card.addEventListener("dragend", end, { once: true });
        carry(Number(dealId));
    });

    host.addEventListener("dragover", e => {
        const column = dealId && closest(e.target, ".board-column[data-stage-id]");
        if (!column) {
            return;
        }
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        const { before } = placeIn(column, e.clientY);
        if (before) {
            mark(before, "drop-before");
        } else {
            mark(column.querySelector(".column-cards"), "drop-at-end");
        }
    });

    host.addEventListener("dragleave", e => {
        if (!host.contains(e.relatedTarget)) {
            mark(null);
        }
    });

    host.addEventListener("drop", e => {
        const column = dealId && closest(e.target, ".board-column[data-stage-id]");
        if (!column) {
            return;
        }
        e.preventDefault();
        const { index } = placeIn(column, e.clientY);
        const dropped = Number(dealId);
        end();
        board.invokeMethodAsync("DropCardAsync", dropped, Number(column.dataset.stageId), index);
    });

    host.addEventListener("dragend", end);

    // The keyboard: Space on a card's title picks the card up; then the arrow keys move it (each step saved on the
    // server, which re-renders the card, perhaps in another column), Space or Enter puts it down, Escape puts it back,
    // and Tab puts it down where it is (the focus then stays where Tab took it); otherwise the focus follows the card.
    // A key pressed while a step is on its way waits for it and is sent after it, in order: none is lost (the server's
    // re-render can show "picked up" before its answer reaches here, and a quick arrow key once fell through to the page).
    let grabbed = null;
    let stay = false; // Tab put the card down: no step's answer takes the focus back to the card's title
    let busy = false;
    const queued = [];
    const keys = { ArrowLeft: "left", ArrowRight: "right", ArrowUp: "up", ArrowDown: "down", " ": "drop", Enter: "drop", Escape: "cancel" };

    function titleOf(id) {
        return host.querySelector(`[data-deal-id="${id}"] .deal-title`);
    }

    // The card may be a new element after the step: focus its title once it is on the page (a few frames at most),
    // unless Tab put the card down meanwhile (even while this step was on its way).
    function follow(id, stillGrabbed, frames = 30) {
        const title = titleOf(id);
        if (title) {
            title.closest("[data-deal-id]").classList.toggle("grabbed", stillGrabbed);
            if (!stay && document.activeElement !== title && !document.querySelector(".mud-dialog")) {
                title.focus();
            }
        }
        if (!stay && (!title || document.activeElement !== title) && frames > 0 && !document.querySelector(".mud-dialog")) {
            requestAnimationFrame(() => follow(id, stillGrabbed, frames - 1));
        }
    }

    async function send(id, key) {
        if (busy) {
            queued.push({ id, key });
            return;
        }
        busy = true;
        if (key === "grab") {
            grabbed = id; // the keys that follow at once move the card (the server's answer confirms or undoes it)
            stay = false;
        }
        try {
            const still = await board.invokeMethodAsync("KeyMoveAsync", id, key);
            grabbed = still ? id : null;
            follow(id, still);
        } catch {
            grabbed = null;
        } finally {
            busy = false;
        }
        const next = queued.shift();
        if (next && (grabbed === next.id || next.key === "grab")) {
            send(next.id, next.key);
        } else {
            queued.length = 0;
        }
    }

    host.addEventListener("keydown", e => {
        const card = closest(e.target, '[data-deal-id][draggable="true"]');
        if (!card || e.altKey || e.ctrlKey || e.metaKey) {
            return;
        }
        const id = Number(card.dataset.dealId);
        const onTitle = e.target === card.querySelector(".deal-title");
        if (grabbed === id && e.key === "Tab") {
            stay = true;
            send(id, "drop"); // the focus moves on as usual, and stays there
            return;
        }
        // The moving keys on the card's title only: after Tab, the actions button's own keys are its own at once.
        const key = onTitle ? (grabbed === id ? keys[e.key] : (e.key === " " ? "grab" : null)) : null;
        if (!key) {
            return;
        }
        e.preventDefault();
        e.stopPropagation();
        if (!(busy && e.repeat)) { // a held key moves as fast as the server answers, not a queue's worth after release
            send(id, key);
        }
    });

    // A card's title tells how to move it the first time it gets the focus.
    host.addEventListener("focusin", e => {
        if (e.target instanceof Element && e.target.matches('[draggable="true"] .deal-title') && !e.target.hasAttribute("aria-describedby")) {
            e.target.setAttribute("aria-describedby", "board-key-help");
        }
    });

    // A card's actions button: the board's one menu opens for the card, at the pointer, or below the button for a click
    // from the keyboard (Enter or Space on the button: detail 0, no pointer).
    host.addEventListener("click", e => {
        const button = closest(e.target, ".deal-menu");
        const card = button?.closest("[data-deal-id]");
        if (!card) {
            return;
        }
        const box = button.getBoundingClientRect();
        const click = {
            type: e.type, detail: e.detail, button: e.button, buttons: e.buttons,
            clientX: e.clientX, clientY: e.clientY, pageX: e.pageX, pageY: e.pageY, screenX: e.screenX, screenY: e.screenY,
            offsetX: e.offsetX, offsetY: e.offsetY, ctrlKey: e.ctrlKey, shiftKey: e.shiftKey, altKey: e.altKey, metaKey: e.metaKey,
        };
        board.invokeMethodAsync("OpenActionsAsync", Number(card.dataset.dealId), click, [box.left, box.bottom]).catch(() => { });
    });

    // A card is markup on the server: when its text changes (a rename, another amount, its age), Blazor puts a new
    // element in its place, and a focus on its title or actions button would be lost with the old one. The focus goes
    // to the same part of the card's new element (wherever the card now is), unless it had moved on by itself.
    let focused = null;
    host.addEventListener("focusin", e => {
        const part = e.target instanceof Element ? e.target.closest(".deal-title, .deal-menu") : null;
        const card = part?.closest("[data-deal-id]");
        focused = card ? { id: card.dataset.dealId, part: part.matches(".deal-title") ? ".deal-title" : ".deal-menu", element: part } : null;
    });
    host.addEventListener("focusout", e => {
        const left = focused;
        // Still on the page a frame later: the user moved the focus (elsewhere, or nowhere by clicking the page).
        requestAnimationFrame(() => {
            if (focused === left && left?.element === e.target && e.target.isConnected) {
                focused = null;
            }
        });
    });
    new MutationObserver(() => {
        if (!focused || (document.activeElement && document.activeElement !== document.body) || document.querySelector(".mud-dialog")) {
            return;
        }
        // The same element if it was only moved among its column's cards (which takes the focus away too), else the
        // card's new one: the same part, or its title if the user may no longer change it (no actions button).
        const card = host.querySelector(`[data-deal-id="${focused.id}"]`);
        const again = focused.element.isConnected ? focused.element : card?.querySelector(focused.part) ?? card?.querySelector(".deal-title");
        if (again) {
            card.classList.toggle("grabbed", grabbed === Number(focused.id));
            again.focus(); // scrolled into view: a card moved by the keyboard may be in a column off the screen
        } else {
            focused = null; // the card left the board
        }
    }).observe(host, { childList: true, subtree: true });

    // From here on a drag does something; browser tests wait for this before they drag.
    host.dataset.dragReady = "true";
}

// The board's one actions menu, opened from the keyboard on a card's button: its first item gets the focus (the menu's
// own keys then move between items, choose and close), and when the menu closes, the focus goes back to the card's
// button (the card's new button if the card was drawn again meanwhile, as when it changed; a dialog takes the focus of its own).
let menuOpener = null;

const menuItem = () => document.querySelector(".mud-popover-open [role='menuitem']");
const menuButton = dealId => document.querySelector(`[data-deal-id="${dealId}"] .deal-menu`);

function returnFocus(frames = 60) {
    if (menuOpener === null) {
        return;
    }
    if (menuItem() && frames > 0) {
        requestAnimationFrame(() => returnFocus(frames - 1));
        return;
    }
    const opener = menuButton(menuOpener);
    menuOpener = null;
    const lost = document.activeElement === document.body || document.activeElement?.closest(".card-menu-anchor");
    if (opener && lost && !document.querySelector(".mud-dialog")) {
        opener.focus();
    }
}

document.addEventListener("keydown", e => {
    if (menuOpener !== null && ["Escape", "Tab", "Enter", " "].includes(e.key) && e.target instanceof Element && e.target.closest(".mud-popover-open")) {
        requestAnimationFrame(() => returnFocus());
    }
}, true);

export function focusMenu(dealId, frames = 120) {
    menuOpener = dealId;
    const first = menuItem();
    if (first) {
        // The menu counts its items from its own arrow keys: its own Down puts it, and the focus, on the first item.
        // It listens for keys a moment after it opens (its key interceptor subscribes after that render), so the Down
        // is sent a little later; the focus is on the first item at once.
        first.focus();
        setTimeout(() => {
            if (document.activeElement === first) {
                first.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", code: "ArrowDown", bubbles: true, cancelable: true }));
            }
        }, 150);
    } else if (frames > 0) {
        requestAnimationFrame(() => focusMenu(dealId, frames - 1));
    }
}
