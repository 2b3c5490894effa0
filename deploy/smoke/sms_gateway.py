"""A tiny SMS gateway for the smoke run: takes what HttpSmsBackend posts (JSON {"to", "text",
"sender"} with a bearer token) on 127.0.0.1 and appends each accepted message to a JSON-lines file.

    python deploy/smoke/sms_gateway.py PORT TOKEN OUT.jsonl"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def serve(port: int, token: str, out: Path) -> None:
    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the name http.server calls
            if self.headers.get("Authorization") != f"Bearer {token}":
                self.send_error(401)
                return
            length = int(self.headers.get("Content-Length") or 0)
            try:
                message = json.loads(self.rfile.read(length))
                record = {"to": message["to"], "text": message["text"], "sender": message.get("sender", "")}
            except (ValueError, KeyError, TypeError):
                self.send_error(400)
                return
            with out.open("a", encoding="utf-8") as sink:
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass  # the messages themselves are personal data; nothing goes to the log

    ThreadingHTTPServer(("127.0.0.1", port), Gateway).serve_forever()


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
