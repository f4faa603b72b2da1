// Reminders as the browser's own notifications (the Notification API), when the user allowed them. Permission is
// asked only from a click (browsers ignore or block a request made without one). Loaded with the first reminder or
// the profile's panel, not on every page.

export function state() {
    return 'Notification' in window ? Notification.permission : 'unsupported';
}

export async function request() {
    if (!('Notification' in window)) {
        return 'unsupported';
    }
    return await Notification.requestPermission();
}

// One notification per activity: the tag makes the user's other open tabs replace it rather than add another.
export function show(title, body, url, tag) {
    if (!('Notification' in window) || Notification.permission !== 'granted') {
        return false;
    }
    const notification = new Notification(title, { body, tag, lang: document.documentElement.lang || undefined });
    notification.onclick = () => {
        window.focus();
        notification.close();
        location.assign(url);
    };
    return true;
}
