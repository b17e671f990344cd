//! The course notes' Dockerfiles built and run, cache behaviour, and build errors.

mod common;
use common::session;

const APP: &str = r#"mkdir app
cd app
cat > requirements.txt <<'END'
flask==3.0.0
END
cat > app.py <<'END'
from flask import Flask
app = Flask(__name__)

@app.route("/")
def hello():
    return "Hello from Dockerfile!"

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
END
cat > Dockerfile <<'END'
FROM python:3.11.5-alpine
WORKDIR /app
COPY requirements.txt /app
RUN pip install -r requirements.txt
COPY . /app
EXPOSE 5000
CMD ["python", "app.py"]
END
"#;

#[test]
fn build_run_and_cache() {
    let script = format!(
        "{APP}docker build -t hello .
docker images
docker run -d -p 5000:5000 --name web hello
curl localhost:5000
docker image history hello
echo '# changed' >> app.py
docker build -t hello .
docker images
docker image prune -f
"
    );
    insta::assert_snapshot!(session(&script));
}

#[test]
fn multi_stage_from_notes() {
    insta::assert_snapshot!(session(
        r#"mkdir svc
cd svc
echo 'flask==3.0.0' > requirements.txt
printf '#!/bin/sh\necho started\n' > entrypoint.sh
echo 'print("hi")' > main.py
cat > Dockerfile <<'END'
FROM python:3.10-slim-bullseye as builder
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM python:3.10-slim-bullseye
WORKDIR /app
COPY . .
COPY --from=builder /usr/local/lib/python3.10/site-packages /usr/local/lib/python3.10/site-packages
COPY ./entrypoint.sh /app/entrypoint.sh
RUN chmod +x /app/entrypoint.sh
EXPOSE 8080
ENTRYPOINT ["/app/entrypoint.sh"]
END
docker build -t svc .
docker run --rm svc
docker image inspect --format '{{json .Config.Entrypoint}} {{json .Config.ExposedPorts}}' svc
"#
    ));
}

#[test]
fn build_errors() {
    insta::assert_snapshot!(session(
        r#"mkdir e
cd e
docker build .
echo 'FROM alpine' > Dockerfile
echo 'COPPY . .' >> Dockerfile
docker build .
printf 'FROM alpine\nCOPY app.py /app/\n' > Dockerfile
docker build .
printf 'FROM alpine\nRUN exit 3\n' > Dockerfile
docker build .
docker build -t myImageName .
docker build nowhere
"#
    ));
}

#[test]
fn onbuild_triggers_and_add_of_a_tar() {
    insta::assert_snapshot!(session(
        r#"mkdir base && cd base
printf 'FROM alpine\nWORKDIR /app\nONBUILD COPY . /app\nONBUILD RUN ls /app > /app/listing.txt\n' > Dockerfile
docker build -q -t base .
cd .. && mkdir child && cd child
echo hello > hello.txt
printf 'FROM base\nCMD ["cat", "/app/listing.txt"]\n' > Dockerfile
docker build -t child .
docker run --rm child
docker image inspect --format '{{json .Config.OnBuild}}' child
docker save -o bundle.tar child
printf 'FROM alpine\nADD bundle.tar /unpacked/\nRUN ls /unpacked | head -3\n' > Dockerfile
docker build -q -t unpacked .
docker run --rm unpacked ls /unpacked
"#
    ));
}
