"""A fake of Stripe's HTTP API, plugged in where the stripe library sends
requests (``stripe.HTTPClient``), plus webhook bodies signed the way Stripe
signs them. Nothing above the HTTP boundary is faked."""

import itertools
import json
import threading
import time
from urllib.parse import parse_qsl, urlsplit

import stripe

WEBHOOK_SECRET = "whsec_test_secret"
SECRET_KEY = "sk_test_fake"
_ids = itertools.count(1)
IDEMPOTENCY_ERROR = {
    "error": {
        "type": "idempotency_error",
        "message": "Keys for idempotent requests can only be used with the same "
        "parameters they were first used with.",
    }
}


class FakeStripe(stripe.HTTPClient):
    """Answer the few Stripe endpoints the shop uses, and record every request.

    ``fail_with`` set to an HTTP status makes every request answer that
    status; set to ``"unreachable"`` makes every request fail to connect.
    ``lose_answers = n`` makes the next n requests act, then time out.
    """

    name = "fake"

    def __init__(self):
        super().__init__()
        self.requests = []
        self.sessions = {}
        self.by_idempotency_key = {}
        self.fail_with = None
        self.refund_status = "succeeded"
        # Pence Stripe reports refunded; None refunds the whole session.
        self.refund_amount = None
        # Answers to drop after Stripe has acted (a timeout on the way back).
        self.lose_answers = 0
        self._lock = threading.Lock()

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        path = urlsplit(url).path
        params = dict(parse_qsl(post_data or "", keep_blank_values=True))
        with self._lock:
            self.requests.append(
                {
                    "method": method,
                    "path": path,
                    "headers": dict(headers),
                    "params": params,
                }
            )
            if self.fail_with == "unreachable":
                raise stripe.APIConnectionError(
                    "Could not connect (fake)", should_retry=True
                )
            if self.fail_with:
                return self._json(
                    {"error": {"message": "Server error (fake)", "type": "api_error"}},
                    self.fail_with,
                )
            key = headers.get("Idempotency-Key")
            asked = (method, path, params)
            if key and key in self.by_idempotency_key:
                first_asked, answer = self.by_idempotency_key[key]
                if asked != first_asked:
                    # As Stripe does: a key names one request, never another.
                    return self._json(IDEMPOTENCY_ERROR, 400)
            else:
                answer = self._route(method, path, params)
            if key:
                self.by_idempotency_key[key] = (asked, answer)
            if self.lose_answers:
                self.lose_answers -= 1
                raise stripe.APIConnectionError(
                    "Timed out reading the answer (fake)", should_retry=True
                )
            return self._json(answer, 200)

    def close(self):
        pass

    @staticmethod
    def _json(data, status):
        return json.dumps(data), status, {"Request-Id": f"req_{next(_ids)}"}

    def _route(self, method, path, params):
        if method == "post" and path == "/v1/checkout/sessions":
            return self._create_session(params)
        if path.startswith("/v1/checkout/sessions/"):
            session_id = path.split("/")[4]
            session = self.sessions[session_id]
            if path.endswith("/expire"):
                session["status"] = "expired"
            return session
        if method == "post" and path == "/v1/refunds":
            intent = params["payment_intent"]
            session = next(
                s for s in self.sessions.values() if s["payment_intent"] == intent
            )
            return {
                "id": f"re_{next(_ids)}",
                "object": "refund",
                "amount": self.refund_amount or session["amount_total"],
                "currency": "gbp",
                "payment_intent": intent,
                "status": self.refund_status,
            }
        raise AssertionError(f"unexpected Stripe call {method} {path}")

    def _create_session(self, params):
        amount = 0
        for i in itertools.count():
            prefix = f"line_items[{i}]"
            if f"{prefix}[quantity]" not in params:
                break
            amount += int(params[f"{prefix}[quantity]"]) * int(
                params[f"{prefix}[price_data][unit_amount]"]
            )
        amount += int(
            params["shipping_options[0][shipping_rate_data][fixed_amount][amount]"]
        )
        session_id = f"cs_test_{next(_ids)}"
        session = {
            "id": session_id,
            "object": "checkout.session",
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
            "client_reference_id": params["client_reference_id"],
            "metadata": {"order_number": params["metadata[order_number]"]},
            "amount_total": amount,
            "currency": "gbp",
            "payment_status": "unpaid",
            "status": "open",
            "payment_intent": f"pi_test_{next(_ids)}",
        }
        self.sessions[session_id] = session
        return session

    # What tests look at ---------------------------------------------------

    def calls(self, path_prefix="/v1/checkout/sessions", method="post"):
        return [
            r
            for r in self.requests
            if r["path"].startswith(path_prefix) and r["method"] == method
        ]

    def pay(self, session_id):
        """Stripe's side of a shopper paying: the session becomes complete."""
        self.sessions[session_id] |= {"payment_status": "paid", "status": "complete"}
        return self.sessions[session_id]


def event(type_, session, *, event_id=None):
    """Return a Stripe event body (JSON text) about ``session``."""
    return json.dumps(
        {
            "id": event_id or f"evt_{next(_ids)}",
            "object": "event",
            "type": type_,
            "created": int(time.time()),
            "data": {"object": session},
        }
    )


def post_event(client, body, *, secret=WEBHOOK_SECRET, timestamp=None, header=True):
    """POST a webhook body signed as Stripe signs it (HMAC-SHA256, v1)."""
    headers = {}
    if header:
        headers["Stripe-Signature"] = stripe.WebhookSignature.generate_signature_header(
            body, secret, timestamp=timestamp
        )
    return client.post(
        "/checkout/stripe/webhook/",
        data=body,
        content_type="application/json",
        headers=headers,
    )
