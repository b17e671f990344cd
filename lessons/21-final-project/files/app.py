import os

from flask import Flask

app = Flask(__name__)

TITLE = os.environ.get("APP_TITLE", "Visit counter")
DATA_DIR = os.environ.get("DATA_DIR", "/data")
COUNTER = os.path.join(DATA_DIR, "visits.txt")


def count_visit():
    visits = 0
    if os.path.exists(COUNTER):
        with open(COUNTER) as f:
            visits = int(f.read() or 0)
    visits += 1
    with open(COUNTER, "w") as f:
        f.write(str(visits))
    return visits


@app.route("/")
def index():
    return f"{TITLE}: visit number {count_visit()}\n"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
