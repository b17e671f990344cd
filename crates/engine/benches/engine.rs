//! `cargo bench -p dockyard-engine`: how fast the simulator answers. A small harness
//! (median of repeated runs) keeps the dependency list short; figures go to README.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use dockyard_engine::script::run_script;
use dockyard_engine::{Options, Sandbox};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench(name: &str, runs: usize, mut setup: impl FnMut() -> Sandbox, mut f: impl FnMut(&mut Sandbox)) {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut sb = setup();
        let t = Instant::now();
        f(&mut sb);
        times.push(t.elapsed());
        black_box(&sb);
    }
    let m = median(times);
    println!("{name:<48} median {:>10.3} ms  ({runs} runs)", m.as_secs_f64() * 1000.0);
}

fn fresh() -> Sandbox {
    Sandbox::new(Options {
        seed: 7,
        ..Options::default()
    })
}

fn with_python() -> Sandbox {
    let mut sb = fresh();
    sb.run_line("docker pull python:3.11.5-alpine");
    sb
}

const DOCKERFILE: &str = "mkdir b && cd b
echo 'flask==3.0.0' > requirements.txt
echo 'print(1)' > app.py
printf 'FROM python:3.11.5-alpine\\nARG V=1\\nENV A=1\\nWORKDIR /app\\nCOPY requirements.txt .\\nRUN pip install --no-cache-dir -r requirements.txt\\nRUN mkdir -p /data && echo hi > /data/x\\nCOPY . .\\nRUN chmod +x app.py\\nEXPOSE 8000\\nUSER nobody\\nCMD [\"python\", \"app.py\"]\\n' > Dockerfile
";

const COMPOSE: &str = "mkdir proj && cd proj
cat > docker-compose.yml <<'END'
services:
  web:
    image: nginx
    ports:
      - \"8080:80\"
    depends_on:
      - db
      - redis
  db:
    image: postgres:14-alpine
    environment:
      POSTGRES_PASSWORD: example
    volumes:
      - db-data:/var/lib/postgresql/data
  redis:
    image: redis:7-alpine
volumes:
  db-data:
END
";

fn main() {
    bench(
        "typical command: docker run --rm python --version",
        50,
        with_python,
        |sb| {
            black_box(sb.run_line("docker run --rm python:3.11.5-alpine python --version"));
        },
    );
    bench(
        "docker ps -a with 1,000 containers",
        10,
        || {
            let mut sb = with_python();
            for i in 0..1000 {
                sb.run_line(&format!("docker create --name c{i} python:3.11.5-alpine"));
            }
            sb
        },
        |sb| {
            black_box(sb.run_line("docker ps -a"));
        },
    );
    let mut script = String::new();
    for i in 0..400 {
        script.push_str(&format!("docker run -d --name s{i} python:3.11.5-alpine sleep 1000\ndocker ps\ndocker exec s{i} ls /\ndocker stop -t 0 s{i}\ndocker rm s{i}\n"));
    }
    bench("2,000-line script end to end", 5, with_python, |sb| {
        black_box(run_script(sb, &script));
    });
    bench(
        "compose up -d of a three-service file",
        10,
        || {
            let mut sb = with_python();
            for i in ["nginx", "postgres:14-alpine", "redis:7-alpine"] {
                sb.run_line(&format!("docker pull {i}"));
            }
            run_script(&mut sb, COMPOSE);
            sb
        },
        |sb| {
            let out = sb.run_line("docker compose up -d");
            assert_eq!(out.exit_code, 0, "{}", out.io.combined());
            black_box(out);
        },
    );
    bench(
        "name lookup among 100 containers on a network",
        10,
        || {
            let mut sb = fresh();
            sb.run_line("docker pull alpine");
            sb.run_line("docker network create net");
            for i in 0..100 {
                sb.run_line(&format!("docker run -d --name c{i} --network net alpine sleep 100000"));
            }
            sb
        },
        |sb| {
            let out = sb.run_line("docker exec c0 ping -c 1 c99");
            assert_eq!(out.exit_code, 0, "{}", out.io.combined());
            black_box(out);
        },
    );
    bench(
        "10-step build, cold",
        10,
        || {
            let mut sb = with_python();
            run_script(&mut sb, DOCKERFILE);
            sb
        },
        |sb| {
            black_box(sb.run_line("docker build -t b ."));
        },
    );
    bench(
        "10-step build, fully cached",
        10,
        || {
            let mut sb = with_python();
            run_script(&mut sb, DOCKERFILE);
            sb.run_line("docker build -t b .");
            sb
        },
        |sb| {
            black_box(sb.run_line("docker build -t b ."));
        },
    );
}
