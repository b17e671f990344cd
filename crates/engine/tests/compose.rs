//! `docker compose` as a student uses it: the course notes' compose file (as written,
//! then with its missing key added), services finding each other by name,
//! `depends_on` conditions, attached `up`, builds, and the mistakes people make —
//! each a transcript snapshot (review snapshot changes like code).

mod common;

use dockyard_engine::script::{run_script, transcript};
use proptest::prelude::*;

/// Runs `script` in a fresh sandbox; a failing line shows its exit code.
fn session(script: &str) -> String {
    let mut sb = common::sandbox();
    let steps = run_script(&mut sb, script);
    let mut out = String::new();
    for st in &steps {
        out.push_str(&transcript(std::slice::from_ref(st)));
        if st.exit_code != 0 {
            out.push_str(&format!("[exit {}]\n", st.exit_code));
        }
    }
    out
}

/// The compose example from the course notes, exactly as written there.
const NOTES_COMPOSE: &str = r#"version: "3.8"  # Версия файла docker-compose, может зависеть от версии Docker Compose

services:
  web:  # Определение сервиса веб-приложения
    build:  # Определение параметров сборки образа
      context: .  # Указывает текущую директорию как контекст для сборки Dockerfile
      dockerfile: Dockerfile  # Указывает имя Dockerfile, используемого для сборки
    ports: # Определение портов для доступа к сервису извне
      - "8080:8080" # Пробрасывает порт 8080 хоста на порт 8080 контейнера
    depends_on: # Зависимости этого сервиса
      - db  # Сервис web зависит от сервиса db
      - redis # Сервис web зависит от сервиса redis
    environment: # Переменные среды для сервиса web
      DATABASE_URL: "postgresql://user:password@db:5432/mydb" # URL для подключения к базе данных
      REDIS_URL: "redis://redis:6379" # URL для подключения к redis

  db: # Определение сервиса базы данных
    image: postgres:14-alpine  # Указывает использовать образ PostgreSQL с версией 14 и Alpine Linux
    [
        "postgres",  # Исполняемая команда: запуск сервера PostgreSQL
        "-c",        
        "max_connections=100",  # ограничить количество одновременных подключений
        "fsync=off",  # отключить синхронную запись на диск 
        "-c",  
        "full_page_writes=off", # отключить полное постраничное копирование данных на диск
    ]
    healthcheck: # Определение проверки работоспособности сервиса
        test: ["CMD-SHELL", "pg_isready -U jipy"] # Команда для проверки доступности PostgreSQL
        interval: 1s  # Интервал между проверками (1 секунда)
        timeout: 1s   # Максимальное время ожидания проверки (1 секунда)
        retries: 10  # Максимальное количество повторных попыток проверки
    ports:  # Определение портов для доступа к сервису извне
      - "5432:5432" # Пробрасывает порт 5432 хоста на порт 5432 контейнера
    environment: # Переменные среды для сервиса db
      POSTGRES_USER: "user" # Имя пользователя PostgreSQL
      POSTGRES_PASSWORD: "password" # Пароль пользователя PostgreSQL
      POSTGRES_DB: "mydb" # Имя базы данных PostgreSQL
    volumes:  # Монтирование директории хоста в контейнер
      - db_data:/var/lib/postgresql/data  # Монтирует named volume `db_data` в директорию с данными PostgreSQL

  redis: # Определение сервиса Redis
    image: redis:7-alpine # Указывает использовать образ Redis с версией 7 и Alpine Linux
    ports: # Определение портов для доступа к сервису извне
      - "6379:6379" # Пробрасывает порт 6379 хоста на порт 6379 контейнера
    volumes:  # Монтирование директории хоста в контейнер
      - redis_data:/data # Монтирует named volume `redis_data` в директорию с данными Redis

volumes:  # Определение именованных томов (named volumes)
  db_data: # Создает named volume для данных postgres
  redis_data: # Создает named volume для данных redis
"#;

/// The same file with the key the notes forgot (`command:` before the list).
const NOTES_COMPOSE_FIXED: &str = r#"version: "3.8"  # Версия файла docker-compose, может зависеть от версии Docker Compose

services:
  web:  # Определение сервиса веб-приложения
    build:  # Определение параметров сборки образа
      context: .  # Указывает текущую директорию как контекст для сборки Dockerfile
      dockerfile: Dockerfile  # Указывает имя Dockerfile, используемого для сборки
    ports: # Определение портов для доступа к сервису извне
      - "8080:8080" # Пробрасывает порт 8080 хоста на порт 8080 контейнера
    depends_on: # Зависимости этого сервиса
      - db  # Сервис web зависит от сервиса db
      - redis # Сервис web зависит от сервиса redis
    environment: # Переменные среды для сервиса web
      DATABASE_URL: "postgresql://user:password@db:5432/mydb" # URL для подключения к базе данных
      REDIS_URL: "redis://redis:6379" # URL для подключения к redis

  db: # Определение сервиса базы данных
    image: postgres:14-alpine  # Указывает использовать образ PostgreSQL с версией 14 и Alpine Linux
    command: [
        "postgres",  # Исполняемая команда: запуск сервера PostgreSQL
        "-c",        
        "max_connections=100",  # ограничить количество одновременных подключений
        "fsync=off",  # отключить синхронную запись на диск 
        "-c",  
        "full_page_writes=off", # отключить полное постраничное копирование данных на диск
    ]
    healthcheck: # Определение проверки работоспособности сервиса
        test: ["CMD-SHELL", "pg_isready -U jipy"] # Команда для проверки доступности PostgreSQL
        interval: 1s  # Интервал между проверками (1 секунда)
        timeout: 1s   # Максимальное время ожидания проверки (1 секунда)
        retries: 10  # Максимальное количество повторных попыток проверки
    ports:  # Определение портов для доступа к сервису извне
      - "5432:5432" # Пробрасывает порт 5432 хоста на порт 5432 контейнера
    environment: # Переменные среды для сервиса db
      POSTGRES_USER: "user" # Имя пользователя PostgreSQL
      POSTGRES_PASSWORD: "password" # Пароль пользователя PostgreSQL
      POSTGRES_DB: "mydb" # Имя базы данных PostgreSQL
    volumes:  # Монтирование директории хоста в контейнер
      - db_data:/var/lib/postgresql/data  # Монтирует named volume `db_data` в директорию с данными PostgreSQL

  redis: # Определение сервиса Redis
    image: redis:7-alpine # Указывает использовать образ Redis с версией 7 и Alpine Linux
    ports: # Определение портов для доступа к сервису извне
      - "6379:6379" # Пробрасывает порт 6379 хоста на порт 6379 контейнера
    volumes:  # Монтирование директории хоста в контейнер
      - redis_data:/data # Монтирует named volume `redis_data` в директорию с данными Redis

volumes:  # Определение именованных томов (named volumes)
  db_data: # Создает named volume для данных postgres
  redis_data: # Создает named volume для данных redis
"#;

const NOTES_APP: &str = r#"mkdir notes
cd notes
echo 'flask==3.0.0' > requirements.txt
printf '#!/bin/sh\necho "web: database at $DATABASE_URL, cache at $REDIS_URL"\n' > entrypoint.sh
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
"#;

#[test]
fn notes_compose_as_written_is_a_yaml_error() {
    let script = format!(
        "{NOTES_APP}cat > docker-compose.yml <<'END'\n{NOTES_COMPOSE}END\ndocker compose up -d\ndocker-compose config\n"
    );
    insta::assert_snapshot!(session(&script));
}

#[test]
fn notes_compose_web_db_redis() {
    let script = format!(
        "{NOTES_APP}cat > docker-compose.yml <<'END'\n{NOTES_COMPOSE_FIXED}END\n\
docker compose up -d
docker compose ps -a
docker compose logs web
docker compose exec redis redis-cli ping
docker compose exec db pg_isready -U user
docker volume ls
docker network ls
docker compose down -v
docker volume ls
docker compose ps -a
"
    );
    insta::assert_snapshot!(session(&script));
}

#[test]
fn services_reach_each_other_by_name() {
    insta::assert_snapshot!(session(
        r#"mkdir app
cd app
cat > compose.yaml <<'END'
services:
  web:
    image: python:3.11.5-alpine
    command: python -m http.server 8000
    ports:
      - "8000:8000"
  client:
    image: alpine
    command: sleep infinity
    depends_on:
      - web
END
docker compose up -d
docker compose ps
docker compose exec client wget -qO- http://web:8000/ | head -5
docker compose exec client wget -qO- http://app-web-1:8000/ | head -1
curl -s localhost:8000 | head -1
docker run --rm alpine wget -qO- http://web:8000/
docker run --rm --network app_default alpine wget -qO- http://web:8000/ | head -1
docker compose exec client sh
wget -qO- web:8000 | grep -c href
exit
docker compose logs web
docker compose down
docker network ls
"#
    ));
}

#[test]
fn depends_on_service_healthy_and_completed() {
    insta::assert_snapshot!(session(
        r#"mkdir shop
cd shop
cat > compose.yaml <<'END'
services:
  db:
    image: postgres:14-alpine
    environment:
      POSTGRES_PASSWORD: secret
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 2s
      timeout: 1s
      retries: 5
  migrate:
    image: alpine
    command: sh -c 'echo applying migrations; echo done'
    depends_on:
      db:
        condition: service_healthy
  web:
    image: nginx
    ports:
      - "8080:80"
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
END
docker compose up -d
docker compose ps -a
docker compose logs migrate
curl -s localhost:8080 | grep title
docker compose up -d
docker compose down
"#
    ));
}

#[test]
fn depends_on_failures() {
    insta::assert_snapshot!(session(
        r#"mkdir shop
cd shop
cat > compose.yaml <<'END'
services:
  cache:
    image: redis:7-alpine
    healthcheck:
      test: exit 1
      interval: 1s
      retries: 3
  app:
    image: alpine
    command: sleep infinity
    depends_on:
      cache:
        condition: service_healthy
END
docker compose up -d
docker compose ps -a
docker inspect --format '{{.State.Health.Status}}' shop-cache-1
docker compose down
cat > compose.yaml <<'END'
services:
  db:
    image: postgres:14-alpine
    healthcheck:
      test: ["CMD", "pg_isready"]
      interval: 1s
  app:
    image: alpine
    command: sleep infinity
    depends_on:
      db:
        condition: service_healthy
END
docker compose up -d
docker compose logs db
docker compose down
cat > compose.yaml <<'END'
services:
  cache:
    image: redis:7-alpine
  app:
    image: alpine
    command: sleep infinity
    depends_on:
      cache:
        condition: service_healthy
END
docker compose up -d
docker compose down
cat > compose.yaml <<'END'
services:
  migrate:
    image: alpine
    command: sh -c 'echo migration failed; exit 3'
  app:
    image: alpine
    command: sleep infinity
    depends_on:
      migrate:
        condition: service_completed_successfully
END
docker compose up -d
docker compose ps -a
docker compose down
"#
    ));
}

#[test]
fn attached_up_and_lifecycle_commands() {
    insta::assert_snapshot!(session(
        r#"mkdir hello
cd hello
cat > compose.yaml <<'END'
services:
  greeter:
    image: alpine
    command: echo "Hello from compose"
  counter:
    image: busybox
    command: sh -c 'echo one; echo two'
END
docker compose up
docker compose ps -a
cat > compose.yaml <<'END'
services:
  web:
    image: nginx
    ports:
      - "8080:80"
END
docker compose up
docker compose ps
docker compose stop
docker compose ps -a
docker compose start
docker compose restart
docker compose images
docker compose ls
docker compose config
docker compose down --remove-orphans --rmi all
docker ps -a
"#
    ));
}

#[test]
fn build_env_files_and_recreate() {
    insta::assert_snapshot!(session(
        r#"mkdir site
cd site
cat > app.py <<'END'
import os
print("greeting:", os.environ.get("GREETING"), "mode:", os.environ.get("MODE"))
END
cat > Dockerfile <<'END'
FROM python:${PY:-3.11.5}-alpine
WORKDIR /app
COPY app.py .
CMD ["python", "app.py"]
END
echo 'GREETING_TARGET=students' > .env
echo 'MODE=production' > web.env
cat > compose.yaml <<'END'
services:
  web:
    build: .
    env_file: web.env
    environment:
      - GREETING=hello ${GREETING_TARGET}, from ${USER}
    labels:
      tier: frontend
END
docker compose build
docker compose up -d
docker compose logs
docker compose up -d
echo 'print("version 2")' >> app.py
docker compose up -d --build
docker compose logs --no-log-prefix
docker compose config
docker ps -a --filter label=com.docker.compose.project=site --filter label=tier=frontend --format '{{.Names}}'
docker inspect --format '{{json .Config.Labels}}' site-web-1
docker compose down --rmi local
docker images
"#
    ));
}

#[test]
fn mistakes_get_compose_messages_and_explanations() {
    insta::assert_snapshot!(session(
        r#"docker compose up -d
mkdir broken
cd broken
cat > compose.yaml <<'END'
services:
  web:
    imgae: nginx
    ports:
      - "8080:80"
END
docker compose up -d
cat > compose.yaml <<'END'
services:
  web:
    image: nginx
    ports: "8080:80"
END
docker compose up -d
cat > compose.yaml <<'END'
services:
  web:
    ports:
      - "8080:80"
END
docker compose up -d
cat > compose.yaml <<'END'
services:
  db:
    image: postgres:14-alpine
    volumes:
      - db_data:/var/lib/postgresql/data
END
docker compose up -d
cat > compose.yaml <<'END'
services:
  web:
    image: nginx
    depends_on:
      - database
END
docker compose up -d
printf 'services:\n  web:\n\timage: nginx\n' > compose.yaml
docker compose up -d
cat > compose.yaml <<'END'
services:
  web:
    image: nginx
   ports:
      - "8080:80"
END
docker compose config
cat > compose.yaml <<'END'
services:
  web:
    image: nginx
    image: httpd
END
docker compose config
cat > compose.yaml <<'END'
servces:
  web:
    image: nginx
END
docker compose config
cat > compose.yaml <<'END'
services:
  web:
    image: nginx:${NGINX_TAG}
    healthcheck:
      intervall: 5s
END
docker compose config
cat > compose.yaml <<'END'
version: "3"
services:
  web:
    image: nginx:${NGINX_TAG:-1.25}
    ports:
      - "8080:80"
END
docker compose config --images
docker compose -p My_Shop up -d
docker compose up -d webb
docker compose exec web ls
docker compose -f other.yaml up
docker compose frobnicate
docker compose up --frob
docker run -d --name squatter -p 8080:80 nginx
docker compose up -d
docker compose down
"#
    ));
}

#[test]
fn run_one_off_containers_and_kill() {
    insta::assert_snapshot!(session(
        r#"mkdir app
cd app
cat > compose.yaml <<'END'
services:
  db:
    image: redis:7-alpine
  tool:
    image: python:3.11.5-alpine
    depends_on: [db]
    environment:
      GREETING: hi
END
docker compose run --rm tool python -c 'import os; print(os.environ["GREETING"])'
docker compose ps -a
docker compose run tool sh
echo inside
exit
docker compose run -d tool sleep 100
docker compose ps -a
docker compose kill
docker compose down
"#
    ));
}

#[test]
fn networks_volumes_long_syntax_and_plain_progress() {
    insta::assert_snapshot!(session(
        r#"mkdir shop
cd shop
mkdir site
echo '<h1>shop</h1>' > site/index.html
cat > compose.yaml <<'END'
name: shop
services:
  proxy:
    image: nginx
    container_name: front
    ports:
      - target: 80
        published: 8081
        host_ip: 127.0.0.1
    volumes:
      - type: bind
        source: ./site
        target: /usr/share/nginx/html
        read_only: true
    networks: [front]
  api:
    image: python:3.11.5-alpine
    command: ["python", "-m", "http.server", "5000"]
    working_dir: /srv
    volumes:
      - api_data:/srv
      - /cache
    networks:
      front:
        aliases: [backend]
      back: {}
  cache:
    image: redis:7-alpine
    networks: [back]
volumes:
  api_data:
networks:
  front:
  back:
END
docker compose --progress plain up -d
docker compose ps
curl -s localhost:8081
docker compose exec api wget -qO- http://proxy
docker compose exec api wget -qO- http://front
docker compose exec cache wget -qO- http://api:5000 | head -1
docker compose exec cache wget -qO- http://backend:5000
docker compose exec cache wget -qO- http://proxy
docker network ls
docker volume ls --filter label=com.docker.compose.project=shop
docker compose pull
docker compose logs -f proxy
docker compose config
docker compose down -v
docker volume ls
"#
    ));
}

#[test]
fn help_version_and_docker_compose_command() {
    // `docker-compose` is routed to the same implementation.
    insta::assert_snapshot!(common::session(
        "docker compose version
docker-compose version --short
docker compose --help
docker compose ps --help
"
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the text, parsing gives a project or an error, never a panic.
    #[test]
    fn compose_parsing_never_panics(text in yamlish()) {
        let _ = dockyard_engine::compose::parse(&text);
    }

    #[test]
    fn compose_parsing_never_panics_on_any_text(text in "\\PC{0,300}") {
        let _ = dockyard_engine::compose::parse(&text);
    }

    /// What `docker compose config` prints is itself a valid compose file.
    #[test]
    fn config_output_parses_again(text in prop_oneof![yamlish(), compose_file()]) {
        if let Ok(p) = dockyard_engine::compose::parse(&text) {
            let rendered = dockyard_engine::compose::config::render_yaml(&p);
            let again = dockyard_engine::compose::parse(&rendered);
            prop_assert!(again.is_ok(), "{}\n---\n{}\n---\n{:?}", text, rendered, again.err());
            let again = again.unwrap_or_default();
            prop_assert_eq!(again.services.len(), p.services.len());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Bringing a file up and down never panics the engine.
    #[test]
    fn up_and_down_never_panic(text in compose_file()) {
        let mut sb = common::sandbox();
        sb.world.host.fs.put("/home/student/compose.yaml", dockyard_engine::fs::Node::file(text.as_str()));
        for line in ["docker compose up -d", "docker compose ps -a", "docker compose logs", "docker compose down -v --rmi all"] {
            let _ = sb.run_line(line);
        }
    }
}

/// Text that looks like a compose file: keys, indentation, lists, flow
/// collections, quotes, anchors and `${VARS}` in random order.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("services:".to_string()),
        Just("  web:".to_string()),
        Just("    image: nginx".to_string()),
        Just("    build: .".to_string()),
        Just("    ports:".to_string()),
        Just("      - \"8080:80\"".to_string()),
        Just("      - target: 80\n        published: 8080".to_string()),
        Just("    volumes:".to_string()),
        Just("      - data:/data".to_string()),
        Just("      - ./src:/app:ro".to_string()),
        Just("    depends_on:".to_string()),
        Just("      db:\n        condition: service_healthy".to_string()),
        Just("    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 1s".to_string()),
        Just("    environment:".to_string()),
        Just("      - A=${B:-c}".to_string()),
        Just("      KEY: ${X:?missing}".to_string()),
        Just("    command: [".to_string()),
        Just("volumes:".to_string()),
        Just("  data:".to_string()),
        Just("networks: { front: {} }".to_string()),
        Just("x: &a {k: v}".to_string()),
        Just("y: *a".to_string()),
        Just("<<: *a".to_string()),
        Just("\t".to_string()),
        Just("- ".to_string()),
        Just(": ".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("${".to_string()),
        "[a-z_]{1,8}: [a-z0-9:/.\"'{}\\[\\], -]{0,12}",
        "[ ]{0,6}[a-z]{1,6}:",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.join("\n"))
}

/// Mostly valid compose files: a few services with random choices among the
/// supported keys (dependencies may point nowhere, which is an error path too).
fn compose_file() -> impl Strategy<Value = String> {
    let names = ["web", "db", "cache", "worker"];
    let service = (
        prop::sample::select(vec![
            "nginx",
            "redis:7-alpine",
            "alpine",
            "python:3.11.5-alpine",
            "postgres:14-alpine",
            "busybox",
        ]),
        prop::option::of(prop::sample::select(vec![
            "sleep infinity",
            "echo hi",
            "sh -c 'exit 3'",
            "python -m http.server 8000",
            "[\"sh\", \"-c\", \"echo $$HOME\"]",
        ])),
        prop::option::of(prop::sample::select(vec![
            "\"8080:80\"",
            "8000",
            "\"127.0.0.1:9000:9000/udp\"",
            "{target: 80, published: 8081}",
            "\"6000-6001:6000-6001\"",
        ])),
        prop::option::of(prop::sample::select(vec![
            "[A=1, B]",
            "{POSTGRES_PASSWORD: secret, N: 3, T: true, E: null}",
        ])),
        prop::option::of(prop::sample::select(names.to_vec())),
        prop::option::of(prop::sample::select(vec![
            "service_started",
            "service_healthy",
            "service_completed_successfully",
        ])),
        prop::option::of(prop::sample::select(vec![
            "[\"CMD\", \"true\"]",
            "exit 1",
            "[\"CMD-SHELL\", \"pg_isready\"]",
            "[\"NONE\"]",
        ])),
        prop::option::of(prop::sample::select(vec![
            "data:/data",
            "./src:/src:ro",
            "/tmp/x:/x",
            "/anon",
            "{type: tmpfs, target: /t}",
        ])),
        prop::option::of(prop::sample::select(vec![
            "always",
            "on-failure:2",
            "unless-stopped",
            "no",
        ])),
    );
    (prop::collection::vec(service, 1..4), any::<bool>(), any::<bool>()).prop_map(
        move |(svcs, with_volumes, with_name)| {
            let mut out = String::new();
            if with_name {
                out.push_str("name: fuzzed\n");
            }
            out.push_str("services:\n");
            for (i, (image, command, port, env, dep, cond, health, volume, restart)) in svcs.into_iter().enumerate() {
                out.push_str(&format!("  {}:\n    image: {image}\n", names[i % names.len()]));
                if let Some(c) = command {
                    out.push_str(&format!("    command: {c}\n"));
                }
                if let Some(p) = port {
                    out.push_str(&format!("    ports:\n      - {p}\n"));
                }
                if let Some(e) = env {
                    out.push_str(&format!("    environment: {e}\n"));
                }
                if let Some(d) = dep {
                    match cond {
                        Some(c) => out.push_str(&format!("    depends_on:\n      {d}:\n        condition: {c}\n")),
                        None => out.push_str(&format!("    depends_on: [{d}]\n")),
                    }
                }
                if let Some(h) = health {
                    out.push_str(&format!(
                        "    healthcheck:\n      test: {h}\n      interval: 1s\n      retries: 2\n"
                    ));
                }
                if let Some(v) = volume {
                    out.push_str(&format!("    volumes:\n      - {v}\n"));
                }
                if let Some(r) = restart {
                    out.push_str(&format!("    restart: \"{r}\"\n"));
                }
            }
            if with_volumes {
                out.push_str("volumes:\n  data:\n");
            }
            out
        },
    )
}
