import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

GREETING = os.environ.get("GREETING", "Hi")
VERSION = os.environ.get("APP_VERSION", "unknown")
NAME = sys.argv[1] if len(sys.argv) > 1 else "stranger"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f"{GREETING}, {NAME}! (version {VERSION})\n".encode())


print(f"Greeter {VERSION} is listening on port 8000", flush=True)
HTTPServer(("", 8000), Handler).serve_forever()
