// Native HTML5 drag and drop for the deal board. The board listens once for the browser's drag events, so no card
// needs a handler on the server; it marks where a dragged card would land and, on a drop, tells .NET which deal went
// to which stage at which index among that column's other cards. Only cards with draggable="true" can be dragged.

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

    function end() {
        host.querySelector(".deal-card.dragging")?.classList.remove("dragging");
        mark(null);
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

    // From here on a drag does something; browser tests wait for this before they drag.
    host.dataset.dragReady = "true";
}
