from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello from my first image!\n"


if __name__ == "__main__":
    # 0.0.0.0: accept connections on every address of the container,
    # not only on its own localhost.
    app.run(host="0.0.0.0", port=5000)
