/*
 * CrmBlazor site widget. Paste on any page:
 *   <script src="https://crm.example.com/widget.js" data-form="contact" async></script>
 * It shows the form where the tag stands, or as a floating button (the form's settings), inside a shadow root so
 * neither page's styles leak into the other. It sets and sends no cookies; it posts to the form's submit endpoint,
 * the one address of the CRM that answers other origins. Optional: data-lang="pl" or "en" (else the browser's).
 */
(function () {
    "use strict";
    var W = window.CrmBlazorWidget = window.CrmBlazorWidget || { q: [] };
    W.q = W.q || [];
    W.hosts = W.hosts || {};

    var script = document.currentScript;
    if (script && script.getAttribute("data-form") && !script.hasAttribute("data-crm-started")) {
        script.setAttribute("data-crm-started", "");
        var slug = script.getAttribute("data-form");
        var host = document.createElement("div");
        host.className = "crm-widget";
        host.setAttribute("data-crm-form", slug);
        script.parentNode.insertBefore(host, script.nextSibling);
        (W.hosts[slug] = W.hosts[slug] || []).push(host);
        var lang = script.getAttribute("data-lang") || ((navigator.language || "en").toLowerCase().indexOf("pl") === 0 ? "pl" : "en");
        var data = document.createElement("script");
        data.async = true;
        data.src = new URL("forms/" + encodeURIComponent(slug) + "/widget-data.js?lang=" + lang, new URL(".", script.src)).href;
        document.head.appendChild(data);
    }

    W.flush = function () {
        while (W.q.length) {
            var form = W.q.shift();
            (W.hosts[form.slug] || []).splice(0).forEach(function (h) { render(h, form); });
        }
    };

    function el(tag, attrs, text) {
        var e = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) {
            if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { e.setAttribute(k, attrs[k] === true ? "" : attrs[k]); }
        });
        if (text) { e.textContent = text; }
        return e;
    }

    function css(color) {
        return ":host{all:initial;display:block;font:16px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1b1b1b}" +
            "*,*::before,*::after{box-sizing:border-box}" +
            "form,.done{background:#fff;padding:16px;border-radius:8px;max-width:32rem}" +
            ".f{margin-bottom:12px}label{display:block;font-weight:600;margin-bottom:4px}" +
            "input[type=text],input[type=email],input[type=tel],input[type=url],input[type=date],select,textarea{width:100%;font:inherit;padding:10px;border:1px solid #767676;border-radius:6px}" +
            "input:focus,select:focus,textarea:focus,button:focus{outline:3px solid " + color + ";outline-offset:1px}" +
            "[aria-invalid=true]{border-color:#b3261e}.err,.alert{color:#b3261e;font-size:14px;margin:4px 0 0}" +
            ".c{display:grid;grid-template-columns:auto 1fr;gap:4px 8px}.c label{font-weight:400;margin:0}.c a,.c .err{grid-column:2}" +
            ".hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}" +
            "button{font:inherit;font-weight:600;color:#fff;background:" + color + ";border:0;border-radius:6px;padding:10px 20px;min-height:44px;cursor:pointer}" +
            ".fab{position:fixed;bottom:20px;z-index:2147483000;border-radius:24px;box-shadow:0 2px 8px rgba(0,0,0,.3)}" +
            ".panel{position:fixed;bottom:80px;z-index:2147483000;width:min(92vw,26rem);max-height:80vh;overflow:auto;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.3);background:#fff}" +
            ".left{left:20px}.right{right:20px}.x{background:transparent;color:#1b1b1b;float:right;padding:4px 10px;min-height:32px}.done{font-size:17px}";
    }

    function render(host, d) {
        var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
        root.appendChild(el("style", {}, css(d.color)));
        var form = buildForm(d);
        if (d.position === "Inline") {
            root.appendChild(form);
            return;
        }
        var side = d.position === "BottomLeft" ? "left" : "right";
        var panel = el("div", { "class": "panel " + side, role: "dialog", "aria-label": d.name, hidden: true });
        var close = el("button", { type: "button", "class": "x", "aria-label": d.text.close }, "×");
        var button = el("button", { type: "button", "class": "fab " + side, "aria-expanded": "false" }, d.text.open);
        close.addEventListener("click", function () { panel.hidden = true; button.setAttribute("aria-expanded", "false"); button.focus(); });
        button.addEventListener("click", function () {
            panel.hidden = !panel.hidden;
            button.setAttribute("aria-expanded", String(!panel.hidden));
            if (!panel.hidden) { var first = panel.querySelector("input:not([type=hidden]):not([tabindex='-1']),textarea"); if (first) { first.focus(); } }
        });
        panel.appendChild(close);
        panel.appendChild(form);
        root.appendChild(button);
        root.appendChild(panel);
    }

    function buildForm(d) {
        var uid = "crm-" + d.slug + "-" + Math.random().toString(36).slice(2, 8);
        var form = el("form", { method: "post", action: d.submitUrl, lang: d.language, "aria-label": d.name });
        var alert = el("p", { "class": "alert", role: "alert" });
        form.appendChild(alert);
        d.fields.forEach(function (f) {
            var box = el("div", { "class": "f" });
            var id = uid + "-" + f.key;
            var label = el("label", { "for": id }, f.label);
            if (f.required) { label.appendChild(el("span", { style: null }, " " + d.text.required)); }
            var input;
            if (f.type === "select") {
                input = el("select", { id: id, name: f.key, required: f.required });
                input.appendChild(el("option", { value: "" }, f.placeholder || ""));
                (f.options || []).forEach(function (o) { input.appendChild(el("option", { value: o.value }, o.label)); });
            } else if (f.type === "checkbox") {
                input = el("input", { id: id, name: f.key, type: "checkbox", value: "on", required: f.required });
            } else {
                input = f.multiline
                    ? el("textarea", { id: id, name: f.key, rows: 4, maxlength: f.maxLength, placeholder: f.placeholder, required: f.required })
                    : el("input", { id: id, name: f.key, type: f.type, maxlength: f.maxLength, placeholder: f.placeholder, required: f.required, autocomplete: f.autocomplete });
            }
            box.appendChild(label);
            box.appendChild(input);
            box.appendChild(el("p", { "class": "err", id: id + "-error", "data-error-for": f.key, hidden: true }));
            form.appendChild(box);
        });
        if (d.consent) {
            var c = el("div", { "class": "f c" });
            var cid = uid + "-consent";
            c.appendChild(el("input", { id: cid, name: "consent", type: "checkbox", value: "on", required: true }));
            c.appendChild(el("label", { "for": cid }, d.consent));
            if (d.privacyUrl) { c.appendChild(el("a", { href: d.privacyUrl, target: "_blank", rel: "noopener noreferrer" }, d.privacyLabel)); }
            c.appendChild(el("p", { "class": "err", id: cid + "-error", "data-error-for": "consent", hidden: true }));
            form.appendChild(c);
        }
        var hp = el("div", { "class": "hp", "aria-hidden": "true" });
        hp.appendChild(el("label", { "for": uid + "-hp" }, d.text.honeypot));
        hp.appendChild(el("input", { id: uid + "-hp", name: "homepage", type: "text", tabindex: "-1", autocomplete: "off" }));
        form.appendChild(hp);
        var hidden = { _ts: d.token, _lang: d.language, _src: "widget", _page: location.href, _ref: document.referrer };
        var query = new URLSearchParams(location.search);
        ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"].forEach(function (n) { if (query.get(n)) { hidden[n] = query.get(n); } });
        Object.keys(hidden).forEach(function (n) { form.appendChild(el("input", { type: "hidden", name: n, value: hidden[n] })); });
        var send = el("button", { type: "submit" }, d.text.send);
        form.appendChild(send);
        form.addEventListener("submit", function (e) {
            e.preventDefault();
            send.disabled = true;
            showErrors(form, {});
            alert.textContent = "";
            fetch(d.submitUrl, {
                method: "POST",
                body: new URLSearchParams(new FormData(form)),
                headers: { "Accept": "application/json" },
                credentials: "omit",
                mode: "cors"
            }).then(function (r) {
                if (r.status === 429) { alert.textContent = d.text.tooMany; return null; }
                return r.json().then(function (body) {
                    if (r.ok && body.ok) {
                        if (body.redirectUrl) { location.href = body.redirectUrl; return; }
                        var done = el("p", { "class": "done", role: "status", "data-testid": "thank-you" }, body.message);
                        form.replaceWith(done);
                    } else if (body.errors) {
                        showErrors(form, body.errors);
                    } else {
                        alert.textContent = body.message || d.text.failed;
                    }
                });
            }).catch(function () {
                alert.textContent = d.text.failed;
            }).then(function () { send.disabled = false; });
        });
        return form;
    }

    function showErrors(form, errors) {
        Array.prototype.forEach.call(form.querySelectorAll("[data-error-for]"), function (p) {
            var key = p.getAttribute("data-error-for");
            var input = form.querySelector("[name='" + key + "']");
            var message = errors[key];
            p.textContent = message || "";
            p.hidden = !message;
            if (input) {
                if (message) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", p.id); }
                else { input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby"); }
            }
        });
        var first = form.querySelector("[aria-invalid=true]");
        if (first) { first.focus(); }
    }

    W.flush();
})();
