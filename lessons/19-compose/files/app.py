import os

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return (
        "Hello from the web service!\n"
        f"database: {os.environ.get('DATABASE_URL')}\n"
        f"cache: {os.environ.get('REDIS_URL')}\n"
    )


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080)
