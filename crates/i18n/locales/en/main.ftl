### Dockyard's messages for people, in English (the fallback language).
### Docker's own output is not here: the simulator prints it in English, as Docker does.
### Every message here must exist in ../ru/main.ftl with the same arguments.

## The `dockyard` binary: help texts of its own options.

cli-about = Dockyard: learn Docker by doing, in a simulated sandbox that behaves like Docker.
cli-help = Print help
cli-version = Print version
cli-sandbox-about = Start a sandbox: type docker commands at a prompt, or run a script of them.
cli-arg-script = Run the lines of FILE (or of standard input for -) and print a transcript instead of starting the prompt.
cli-arg-format = How a script's transcript is printed: text, or one JSON object per line.
cli-arg-seed = Seed for ids, names and timings: the same seed and lines give the same output.
cli-arg-lang = Language of explanations and messages: en or ru (default: from the locale).
cli-arg-workspace = Copy this directory into the sandbox as the student's working directory.

## Errors of the binary itself.

error-script-unreadable = dockyard: cannot read the script { $path }: { $error }
error-workspace-unreadable = dockyard: cannot copy the workspace { $path }: { $error }
error-input = dockyard: cannot read input: { $error }

## The interactive sandbox prompt.

repl-banner = Dockyard sandbox: type docker commands as in a terminal. Nothing here touches your computer: Docker is simulated.
repl-keys = Tab completes, ↑ recalls earlier lines, Ctrl-C interrupts, Ctrl-D quits (inside a container it ends the container's input), Ctrl-P Ctrl-Q detaches.
repl-workspace = Your files from { $path } are in { $dir }.
repl-history-unavailable = (history will not be saved: { $error })
repl-bye = Bye!

## Explanations in general.

# The engine sent an explanation id this version has no text for.
explain-unknown = (an explanation “{ $id }” is missing in this version of Dockyard)

## Teaching explanations the simulator attaches to mistakes.
## Each says what went wrong and what to type instead.

attach-stopped = { $name } is stopped, and you can attach only to a running container. Start it and attach in one go: `docker start -ai { $name }`.
attached-no-stdin = This container was started without `-i`, so it does not read what you type. Ctrl-C stops it; for an interactive session start containers with `docker run -it IMAGE`.
container-name-conflict = A container named { $name } already exists (maybe stopped: `docker ps -a` shows it). Remove the old one with `docker rm -f { $name }`, or pick another `--name`.
container-not-running = { $name } is not running, so it cannot get a signal. `docker ps -a` shows its status; `docker start { $name }` starts it again.
detach-needs-tty = Ctrl-P Ctrl-Q detaches only from containers started with both `-i` and `-t` (`docker run -it ...`). Here Ctrl-C stops the program instead.
docker-daemon-unreachable = The docker client found no daemon at { $endpoint }. Check the DOCKER_HOST variable (`echo $DOCKER_HOST`); `unset DOCKER_HOST` goes back to the local daemon.
docker-flag-before-command = Options belong after the command they are for: `docker` itself has only a few options of its own (such as `--version` or `-H`), and this one is not among them. Put it after the command: `docker run --rm alpine`, not `docker --rm run alpine`.
docker-missing-argument = `{ $command }` needs more arguments. Its form is `{ $command } { $usage }`; `{ $command } --help` explains each part.
docker-unknown-command = `docker { $command }` is not a docker command; `docker --help` lists them all.
    .suggestion = Did you mean `docker { $suggestion }`?
docker-unknown-flag = `{ $command }` does not take one of the options given ({ $flag }). Check its spelling and place; `{ $command } --help` lists the options it takes.
exec-binary-missing = There is no program `{ $command }` in this container: an image holds only what its authors put in it. Small images such as alpine have `sh` but no `bash`, so try `sh`.
exec-not-running = `docker exec` runs a command in a running container, and { $name } is not running. Start it first: `docker start { $name }`.
executable-not-found = The image has no program `{ $command }`, so the container could not start. Everything after the image name is the command to run inside: check its spelling, or leave it out to run the image's default command.
host-command-not-found = This sandbox has no command `{ $command }`. It has `docker` and the everyday shell commands (ls, cat, echo, cd, mkdir, curl...); type `help` to see them. Check the spelling, too.
images-ls-mistake = `docker images { $word }` looks for images named { $word }. The subcommand is spelt with the singular word: `docker image { $word }`.
invalid-container-name = { $name } cannot be a container name: a name starts with a letter or digit and has only letters, digits and the characters `_`, `.` and `-`.
invalid-reference = { $reference } is not a valid image name. Image names are lowercase, with an optional tag after a colon: `nginx`, `python:3.12-alpine`, `myname/app:1.0`.
mount-space-after-comma = The value of `--mount` is one word of comma-separated `key=value` pairs with no spaces: `--mount source=my_volume,target=/data`. A space after a comma splits it into two arguments, and Docker sees an empty field.
context-needs-host = A context needs the address of a Docker daemon: `docker context create NAME --docker host=tcp://HOST:2375`.
build-copy-outside-context = A build sees only its context, the directory named in `docker build DIR`: `../` cannot leave it, so BuildKit looks for the file at the context's root and finds nothing. Move the file into the context, or build from a directory that contains it (`docker build -f app/Dockerfile .`).
login-web-flow = Without a user name, `docker login` signs in through a browser, which this sandbox cannot open. Give your Docker ID instead: `docker login -u NAME` asks for the password (any name in lower case and any password work here).
long-dash = { $text } has a long dash (— or –) where two hyphens belong. That happens when a command is copied from a web page or a word processor: type the option again with `--`.
load-needs-input = `docker load` reads an archive made by `docker save`. Name the file: `docker load -i image.tar` or `docker load < image.tar`.
login-needs-credentials = Here `docker login` cannot ask for a password. Give the credentials in the command: `docker login -u USER -p PASSWORD`, or safer, `echo PASSWORD | docker login -u USER --password-stdin`.
manifest-unknown = The registry has the repository, but not the tag in { $image }. Check the tag (Docker Hub lists them), or leave it out to get `latest`.
network-not-found = There is no network { $network }. Create it with `docker network create { $network }`; `docker network ls` lists the existing ones.
no-command = This image names no command to run (it has no CMD or ENTRYPOINT), so Docker does not know what to start. Give the command after the image name, e.g. `docker run IMAGE sh`.
no-public-port = The container does not publish { $port } to the host. Ports are published when a container is created, with `-p HOST_PORT:CONTAINER_PORT`; `docker port NAME` lists what it publishes.
no-such-container = There is no container { $name }. `docker ps -a` lists every container, running or stopped, with its name and ID.
no-such-image = There is no image { $image } here. `docker images` lists the images you have; `docker pull { $image }` downloads it.
no-such-object = Nothing is called { $name }: no container, image, volume or network. Check the name with `docker ps -a`, `docker images`, `docker volume ls` or `docker network ls`.
no-such-volume = There is no volume { $name }. `docker volume ls` lists the volumes; `docker volume create { $name }` creates this one.
port-already-allocated = Host port { $port } is already taken: only one container at a time can publish a host port. Choose another host port, e.g. `-p 8081:80`.
    .holder = Container { $holder } holds it; `docker stop { $holder }` frees it.
pull-access-denied = Docker Hub has no repository { $image }, or it is private. Check the spelling (official images have short names like `nginx`); for a private repository log in first with `docker login`.
push-no-such-tag = There is no local image called { $image }, so there is nothing to push. Give your image that name first, `docker tag IMAGE { $image }`, then push it.
push-not-logged-in = Pushing to Docker Hub needs a login, and the image goes to the account { $namespace } named before the slash. Log in first: `docker login -u { $namespace }`.
push-wrong-namespace = You are logged in as { $user }, but the image is named for the account { $namespace }. You can push only to your own: `docker tag IMAGE { $user }/NAME:TAG`, then push that.
registry-unreachable = Nothing answers at { $registry }. A registry of your own works only while its container runs: `docker run -d -p 5000:5000 registry:2`.
rm-running-container = { $name } is still running. Stop it first (`docker stop { $name }`) and then remove it, or do both at once with `docker rm -f { $name }`.
rmi-child-images = Other images are built on top of { $image }, so it cannot be removed on its own. Remove those images first: `docker images` shows them.
rmi-image-in-use = Container { $container } was created from { $image }, so the image cannot be removed, even while the container is stopped. Remove the container first (`docker rm { $container }`), then the image.
rmi-multiple-tags = This image has several tags, so removing it by ID is ambiguous. Remove the tags one by one (`docker rmi NAME:TAG`), or all of them at once with `docker rmi -f { $image }`.
run-invalid-option = An option of `docker run` has a value Docker cannot read: { $message }. Compare it with the usual forms: `-p 8080:80`, `-e KEY=value`, `-v NAME:/path`.
run-rm-restart-conflict = `--rm` removes the container when it stops, and `--restart` starts it again when it stops: they contradict each other. Keep only one of them.
save-to-terminal = `docker save` writes a binary archive, which cannot go to the screen. Send it to a file: `docker save -o image.tar IMAGE` or `docker save IMAGE > image.tar`.
stats-snapshot = In a real terminal `docker stats` keeps redrawing this table until you press Ctrl-C. Here it shows one snapshot, as `docker stats --no-stream` does.
volume-in-use = Volume { $name } is used by container { $container }, even if that container is stopped. Remove the container first (`docker rm { $container }`), then the volume.
wait-would-block = `docker wait` waits until { $name } stops, and it is still running: a real terminal would hang here. Stop it (`docker stop { $name }`) and `docker wait` prints its exit code.

## `docker build`: the build context, the Dockerfile's syntax (one message per kind of
## parser error, `build-<kind>`), and failures while building. Docker prints the details.

build-context-missing = There is no directory { $path } to build from. The last argument of `docker build` is the build context, usually `.`: the current directory, where the Dockerfile is.
build-no-dockerfile = There is no file named Dockerfile in { $dir }. Create it there, or name another file with `-f`: `docker build -f path/to/Dockerfile { $dir }`.
build-tag-uppercase = Repository names are lowercase, and { $tag } has capital letters. Use `-t { $lower }`.
build-copy-missing = COPY or ADD names a file that is not in the build context. Paths in COPY are relative to the context (the `.` in `docker build .`): check the name with `ls`, and check `.dockerignore`.
build-run-failed = A RUN command failed, so the build stopped; its output is above. Try the command in a container first: `docker run -it BASE_IMAGE sh`.
build-failed = The build stopped with the error above. The line after `ERROR:` names the instruction and what went wrong.
build-blank-name = An ENV or ARG line has no name before `=`. The name comes first: `ENV APP_ENV=production`, `ARG VERSION=1.0`.
build-duplicate-directive = A parser directive (`# syntax=` or `# escape=`) is given twice at the top of the Dockerfile. Keep one.
build-duplicate-flag = The same option is given twice to one instruction. Keep one of them.
build-empty-dockerfile = The Dockerfile is empty. It needs at least a `FROM` line, e.g. `FROM alpine`.
build-empty-volume = VOLUME has an empty path. Name the directory to keep, e.g. `VOLUME /data`.
build-expansion = A variable in the Dockerfile could not be expanded. Check its name and braces: `$VERSION` or `{ "${VERSION}" }`.
build-flag-not-double-dash = Options of Dockerfile instructions start with two dashes, e.g. `COPY --chown=app:app . /app`.
build-from-arguments = FROM takes an image and, if you want, `AS name`: `FROM python:3.12` or `FROM python:3.12 AS build`.
build-healthcheck-missing-command = `HEALTHCHECK CMD` needs the command to run after it, e.g. `HEALTHCHECK CMD curl -f http://localhost/ || exit 1`.
build-healthcheck-none-arguments = `HEALTHCHECK NONE` switches the inherited check off and takes nothing after it.
build-healthcheck-unknown-type = After HEALTHCHECK and its options comes `CMD` with a command, or `NONE`: `HEALTHCHECK --interval=30s CMD pg_isready`.
build-heredoc-inconsistent = A heredoc in the Dockerfile could not be read unambiguously. Use a plain word as its delimiter: `<<EOF` … `EOF`.
build-heredoc-not-allowed = A heredoc cannot stand here (for example as the destination of COPY). It can be the source: `COPY <<EOF /app/config.txt`.
build-heredoc-syntax = The heredoc's delimiter could not be read. Write one word right after `<<`, e.g. `RUN <<EOF`, and end the text with a line holding only `EOF`.
build-interval-too-short = HEALTHCHECK times must be at least 1ms; the usual values look like `--interval=30s --timeout=3s`.
build-invalid-bool-flag = This option takes `true` or `false`, e.g. `COPY --link=true`.
build-invalid-duration = A HEALTHCHECK time is a number with a unit: `30s`, `1m30s`, `500ms`.
build-invalid-escape-token = The `# escape=` directive accepts only a backslash (\) or a backtick.
build-invalid-network = `RUN --network` accepts `default`, `none` or `host`.
build-invalid-retries = `--retries` takes a whole number, e.g. `HEALTHCHECK --retries=3 CMD ...`.
build-invalid-stage-name = A stage name (after `AS`) starts with a letter and has only letters, digits, `-`, `_` and `.`: `FROM node:20 AS build`.
build-json-not-string-array = In the JSON (exec) form every element is a string in double quotes: `CMD ["python", "app.py", "8080"]`.
build-key-value-missing-equals = When ENV or LABEL sets several values on one line, each is `name=value`: `ENV A=1 B=2`. Quote values with spaces: `LABEL description="my app"`.
build-key-value-needs-two-arguments = This ENV or LABEL line has a name but no value. Write `ENV NAME=value` (or the old form `ENV NAME value`).
build-line-too-long = A line of the Dockerfile is longer than 64 KiB. Split a long command with `\` at the end of each line.
build-missing-flag-value = This option needs a value after `=`, e.g. `COPY --from=build /app /app`.
build-mount-csv = The `--mount` value could not be read: it is a comma-separated list of `key=value`, e.g. `RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt`.
build-mount-from-variable = `from` in `--mount` cannot be a variable. Name a stage instead: `FROM $IMAGE AS deps`, then `from=deps`.
build-mount-invalid-number = A numeric option of `--mount` (mode, uid, gid) got something that is not a number; write e.g. `mode=0755`, `uid=1000`.
build-mount-invalid-value = An option of `--mount` has a value it cannot take: yes/no options take `true` or `false`, sizes are numbers.
build-mount-not-key-value = Each part of a `--mount` value is `key=value` (or a flag such as `readonly`), separated by commas: `--mount=type=bind,source=.,target=/src`.
build-mount-option-not-allowed = This mount type does not take that option: `mode`, `uid` and `gid` are for cache and secret mounts only.
build-mount-secret-from = A secret mount takes no `from`: secrets come from `docker build --secret id=...`, not from an image.
build-mount-secret-missing-target = A secret mount needs an `id` or a `target`: `RUN --mount=type=secret,id=token cat /run/secrets/token`.
build-mount-secret-sharing = `sharing` is for cache mounts only; remove it from the secret mount.
build-mount-secret-source-and-id = Give a secret mount either `id` or `source`, not both.
build-mount-sharing-not-cache = `sharing` applies only to `type=cache` mounts; remove it here.
build-mount-unexpected-key = `--mount` does not know this key. The usual ones are `type`, `source`, `target`, `from`, `id` and `readonly`.
build-mount-unexpected-key-for-type = This key does not belong to this mount type: `required`, for example, is for secret and ssh mounts only.
build-mount-unsupported-sharing = `sharing` accepts `shared`, `private` or `locked`.
build-mount-unsupported-type = The mount types are `bind`, `cache`, `tmpfs`, `secret` and `ssh`, e.g. `RUN --mount=type=cache,target=/root/.cache`.
build-negative-retries = `--retries` cannot be negative; use 0 or more, e.g. `--retries=3`.
build-no-build-stage = Every instruction but ARG comes after a `FROM`. Put `FROM image` at the top of the Dockerfile (only ARG lines may stand before it).
build-no-destination = COPY and ADD need a source and a destination: `COPY app.py /app/` or `COPY . .`.
build-no-instructions = The Dockerfile holds only comments and blank lines. Start it with `FROM`, e.g. `FROM alpine`.
build-no-stages = The Dockerfile has no FROM line, so there is nothing to build. Start it with `FROM image`, e.g. `FROM python:3.12-slim`.
build-not-a-command = FROM cannot be an ONBUILD trigger. ONBUILD takes instructions such as `ONBUILD COPY . /app`.
build-onbuild-chaining = `ONBUILD ONBUILD` is not allowed: an ONBUILD trigger runs only in the next image built from this one.
build-onbuild-not-single-expression = An ONBUILD line holds exactly one instruction: `ONBUILD RUN make`.
build-onbuild-trigger-not-allowed = FROM and MAINTAINER cannot be ONBUILD triggers. Use instructions such as `ONBUILD COPY . /app`.
build-requires-at-least-one-argument = This instruction needs at least one argument after its name, e.g. `RUN echo hi`, `EXPOSE 80`, `WORKDIR /app`.
build-requires-exactly-one-argument = This instruction takes exactly one argument: `WORKDIR /app`, `USER app`. Quote a path that has spaces.
build-requires-json-form = SHELL is written only in JSON form: `SHELL ["/bin/bash", "-c"]`.
build-too-many-arguments = The instruction got more arguments than it takes. Quote values with spaces: `ENV GREETING="hello world"`.
build-unknown-flag = The instruction does not take this option. Check the spelling against the usual ones: `COPY --from=...`, `COPY --chown=...`, `RUN --mount=...`.
build-unknown-instruction = Docker does not know this instruction. Each line starts with one of FROM, RUN, COPY, ADD, WORKDIR, ENV, ARG, EXPOSE, CMD, ENTRYPOINT, USER, VOLUME, LABEL, HEALTHCHECK, SHELL, STOPSIGNAL or ONBUILD. A long command split over lines without `\` at the end of the previous line gives this error too.
build-unterminated-heredoc = A heredoc in the Dockerfile is not closed. End its text with a line holding only the delimiter, e.g. `EOF`.

## `docker compose`: the compose file and starting its services.

compose-bad-condition = In service { $service }, `depends_on` has the condition { $condition }. The conditions are `service_started`, `service_healthy` (wait for its healthcheck) and `service_completed_successfully` (wait until it exits with 0).
compose-bad-interpolation = In { $file }, the `$` at { $path } starts a variable, but { $value } is not a valid one. Write variables as `$NAME` or `{ "${NAME}" }`, and a literal dollar sign as `$$`.
compose-bad-restart = Service { $service } has `restart: { $value }`. The policies are `no`, `always`, `on-failure` (or `on-failure:3`) and `unless-stopped`; write "no" in quotes, as YAML reads a bare no as false.
compose-bind-source-missing = The bind mount's source { $path } does not exist on the host. Create it first (`mkdir -p { $path }`) or fix the path; a relative path such as `./data` starts at the compose file's folder.
compose-dependency-cycle = Services depend on each other in a circle ({ $cycle }), so none of them can start first. Remove one of those `depends_on` entries.
compose-dependency-exited = Container { $container }, which other services wait for, exited with code { $code }. `docker compose logs` shows why; fix it and run `docker compose up` again.
compose-dependency-failed = Service { $service } had to finish successfully first (`condition: service_completed_successfully`), but it exited with code { $code }. `docker compose logs { $service }` shows why.
compose-dependency-no-healthcheck = `condition: service_healthy` waits for the healthcheck of { $service }, but container { $container } has none. Add a `healthcheck:` to service { $service } (e.g. `test: ["CMD", "pg_isready"]`), or use `condition: service_started`.
compose-dependency-timeout = Container { $container } never became ready, so the services that depend on it were not started. Check its healthcheck and its logs: `docker compose ps`, `docker compose logs`.
compose-dependency-unhealthy = The healthcheck of { $service } fails (container { $container } is unhealthy), so the services waiting for it were not started. `docker inspect { $container }` shows the health log, `docker compose logs { $service }` the output.
compose-empty-file = { $file } is empty. A compose file starts with `services:` and at least one service under it, for example a service `web` with `image: nginx`.
compose-env-file-missing = The env file { $file } does not exist. Create it (lines of `KEY=value`) or fix its path in `env_file:` or `--env-file`.
compose-external-network-missing = The network { $network } is marked `external: true`, so Compose expects it to exist already. Create it first: `docker network create { $network }`.
compose-external-volume-missing = The volume { $volume } is marked `external: true`, so Compose expects it to exist already. Create it first: `docker volume create { $volume }`.
compose-file-not-found = There is no compose file { $file }. Check the name given with `-f`, or run the command in the folder that holds `compose.yaml`.
compose-healthcheck-test = The healthcheck `test` of { $service } starts with { $value }. It must start with `CMD` (then the command's words), `CMD-SHELL` (then one shell command) or `NONE`: `test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]`.
compose-image-missing = The image { $image } is not here, and `pull_policy: never` forbids downloading it. Pull it yourself (`docker pull { $image }`) or change the pull policy.
compose-invalid-duration = { $value } at { $path } is not a duration. Write a number with a unit: `30s`, `1m30s`, `500ms`.
compose-invalid-port = The port { $port } of service { $service } cannot be read. Write ports in quotes as "HOST:CONTAINER", for example "8080:80", or just "80".
compose-invalid-project-name = { $name } cannot be a project name: it takes lowercase letters, digits, `-` and `_`, and starts with a letter or digit. Use, for example, `-p { $suggestion }` or `name: { $suggestion }` in the compose file.
compose-invalid-volume = A volume of service { $service } ({ $volume }) is written wrongly. The short form is `SOURCE:TARGET` (optionally `:ro`) with an absolute path in the container: `db-data:/var/lib/postgresql/data`, `./html:/usr/share/nginx/html:ro`.
compose-no-file = There is no compose file in { $dir } or the folders above it. Create `compose.yaml` there, or name the file with `-f`.
compose-no-image = Service { $service } (line { $line }) has neither `image:` nor `build:`, so Compose does not know what to run. Add, for example, `image: nginx`, or `build: .` to build from a Dockerfile.
compose-undefined-network = Service { $service } uses the network { $network }, which the file does not declare. Declare it at the top level: `networks:` with `{ $network }:` under it.
compose-undefined-service = Service { $service } depends on { $dependency }, but there is no service of that name. Check the spelling under `services:` and in `depends_on`.
compose-undefined-volume = Service { $service } uses the named volume { $volume }, which the file does not declare. Declare it at the top level: `volumes:` with `{ $volume }:` under it. (A path such as `./data` would be a bind mount instead.)
compose-unknown-key = { $file }, line { $line }: { $path } has no key { $key }. Check the spelling and the indentation: a key indented wrongly lands in the wrong section.
    .suggestion = Did you mean `{ $suggestion }`?
compose-volume-type-missing = A volume of service { $service } in the long form needs `type:` (`volume`, `bind` or `tmpfs`), next to `source:` and `target:`.
compose-wrong-type = { $file }, line { $line }: the value of { $path } is of the wrong kind. Check the indentation and whether a list (`- item`) or a mapping (`key: value`) belongs there.
    .expected = Compose expects a { $expected } here.
compose-yaml-syntax = { $file } is not valid YAML (line { $line }). The usual causes are tabs instead of spaces, uneven indentation and a missing space after `:`.
compose-logs-follow = In a real terminal `docker compose logs -f` keeps printing new lines until Ctrl-C. Here it shows what has been logged so far; run it again later to see more.
compose-no-such-service = The compose file has no service { $service }. Its services are: { $services }.
compose-not-simulated = `docker compose { $command }` exists in real Docker but not in this simulator. `docker compose --help` lists what works here.
compose-nothing-to-start = Service { $service } has no container yet, so there is nothing to start: `start` only starts containers that exist. `docker compose up -d` creates and starts them.
compose-orphans = The containers { $containers } belong to this project but to no service of the compose file (a service was renamed or removed). `docker compose up -d --remove-orphans` removes them.
compose-service-not-running = Service { $service } of project { $project } is not running, so there is nothing to run the command in. Start it with `docker compose up -d { $service }`; `docker compose ps -a` shows its state.
compose-unknown-command = `docker compose { $command }` is not a compose command. `docker compose --help` lists them (up, down, ps, logs, exec, build...).
compose-up-attached = In a real terminal `docker compose up` without `-d` stays attached, showing the services' logs until Ctrl-C stops them. Here they keep running in the background; use `docker compose up -d` for that, `docker compose logs` for the output and `docker compose down` to stop them.
compose-version-obsolete = The `version:` line at the top of { $file } is no longer needed: current Compose ignores it, and you can delete it.
