/*
 * Cart enhancements. Every form here works without this script: it posts and
 * the server redirects back with a message. With the script, the same posts
 * go by fetch (Accept: application/json); the server answers with a message
 * and the re-rendered mini cart, which is swapped in place. Messages go to a
 * polite live region so screen readers hear them; focus stays where the
 * shopper was, or moves to the mini cart when the control they used is gone.
 */
(function () {
  "use strict";

  if (!window.fetch || !window.FormData || !("content" in document.createElement("template"))) {
    return;
  }

  var ADD = "form[data-add-to-cart]";
  var REMOVE = "#mini-cart form[data-cart-remove]";

  function statusFor(form) {
    // One live region right after each add form, made before any message is
    // put in it: screen readers only announce changes to regions they know.
    var next = form.nextElementSibling;
    if (next && next.hasAttribute("data-add-status")) {
      return next;
    }
    var region = document.createElement("p");
    region.className = "cart-feedback";
    region.setAttribute("role", "status");
    region.setAttribute("data-add-status", "");
    form.insertAdjacentElement("afterend", region);
    return region;
  }

  function say(region, text, isError) {
    if (!region) {
      return;
    }
    region.classList.toggle("is-error", Boolean(isError));
    // Clear first so that the same message twice is announced twice.
    region.textContent = "";
    if (text) {
      window.setTimeout(function () {
        region.textContent = text;
      }, 50);
    }
  }

  function swapMiniCart(html) {
    var root = document.getElementById("mini-cart");
    var body = root && root.querySelector("[data-mini-cart-body]");
    if (!body || !html) {
      return null;
    }
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.querySelector("[data-mini-cart-body]");
    if (!fresh) {
      return null;
    }
    body.replaceWith(fresh);
    root.classList.remove("is-updated");
    // Restart the highlight that shows sighted shoppers what changed.
    void root.offsetWidth;
    root.classList.add("is-updated");
    return fresh;
  }

  function send(form) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        throw new Error("not a cart reply");
      }
      return response.json();
    });
  }

  function busy(button, isBusy) {
    if (button) {
      button.disabled = isBusy;
      button.setAttribute("aria-busy", isBusy ? "true" : "false");
    }
  }

  var OFFLINE =
    "We could not reach the shop, so nothing has changed. " +
    "Please check your connection and try again.";

  function onAdd(form, event) {
    event.preventDefault();
    var button = event.submitter || form.querySelector("[type=submit]");
    var region = statusFor(form);
    busy(button, true);
    say(region, "");
    send(form)
      .then(
        function (data) {
          swapMiniCart(data.mini_cart);
          say(region, data.message, !data.ok);
        },
        function (error) {
          if (error instanceof TypeError) {
            // No answer at all: posting the ordinary way would only swap
            // this page for the browser's error page.
            say(region, OFFLINE, true);
            return;
          }
          // Something other than the cart answered (a 403 or 500 page):
          // post the form the ordinary way, so the server's page shows.
          form.submit();
        }
      )
      .finally(function () {
        busy(button, false);
        if (button) {
          button.focus();
        }
      });
  }

  function onRemove(form, event) {
    event.preventDefault();
    var button = event.submitter || form.querySelector("[type=submit]");
    var region = document.querySelector("#mini-cart [data-cart-status]");
    busy(button, true);
    say(region, "");
    send(form).then(
      function (data) {
        var fresh = swapMiniCart(data.mini_cart);
        say(region, data.message, !data.ok);
        // The button pressed is gone with its line: focus the mini cart.
        var target = fresh && fresh.querySelector("[data-mini-cart-focus]");
        if (target) {
          target.focus();
        }
      },
      function (error) {
        busy(button, false);
        if (error instanceof TypeError) {
          say(region, OFFLINE, true);
          if (button) {
            button.focus();
          }
          return;
        }
        form.submit();
      }
    );
  }

  // The cart page lists the same lines as the mini cart: changing one in
  // place would leave the other behind, so there every form posts and the
  // whole page comes back.
  if (document.querySelector("[data-cart-page]")) {
    return;
  }

  document.querySelectorAll(ADD).forEach(statusFor);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    if (form.matches(ADD)) {
      onAdd(form, event);
    } else if (form.matches(REMOVE)) {
      onRemove(form, event);
    }
  });
})();
