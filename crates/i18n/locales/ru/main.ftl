### Сообщения Dockyard для людей, по-русски.
### Вывод самого Docker сюда не входит: симулятор печатает его по-английски, как настоящий Docker.
### Каждое сообщение должно быть и в ../en/main.ftl, с теми же аргументами.

## Программа `dockyard`: справка по её собственным параметрам.

cli-about = Dockyard: изучайте Docker на практике, в песочнице, которая ведёт себя как настоящий Docker.
cli-help = Показать справку
cli-version = Показать версию
cli-sandbox-about = Запустить песочницу: вводить команды docker в приглашении или выполнить их сценарий.
cli-arg-script = Выполнить строки из FILE (или со стандартного ввода, если указан -) и напечатать протокол вместо интерактивного режима.
cli-arg-format = Формат протокола сценария: text или по одному JSON-объекту на строку (json).
cli-arg-seed = Зерно для идентификаторов, имён и времени: одно и то же зерно и те же строки дают одинаковый вывод.
cli-arg-lang = Язык пояснений и сообщений: en или ru (по умолчанию — по локали).
cli-arg-workspace = Скопировать этот каталог в песочницу и сделать его рабочим каталогом.

## Ошибки самой программы.

error-script-unreadable = dockyard: не удаётся прочитать сценарий { $path }: { $error }
error-workspace-unreadable = dockyard: не удаётся скопировать рабочий каталог { $path }: { $error }
error-input = dockyard: не удаётся прочитать ввод: { $error }

## Интерактивная песочница.

repl-banner = Песочница Dockyard: вводите команды docker, как в обычном терминале. Ваш компьютер не затрагивается: Docker здесь смоделирован.
repl-keys = Tab дополняет, ↑ вызывает прежние строки, Ctrl-C прерывает, Ctrl-D завершает работу (внутри контейнера — закрывает его ввод), Ctrl-P Ctrl-Q отключается от контейнера.
repl-workspace = Ваши файлы из { $path } лежат в { $dir }.
repl-history-unavailable = (история не будет сохранена: { $error })
repl-bye = До встречи!

## Пояснения вообще.

# Движок прислал пояснение, текста которого в этой версии нет.
explain-unknown = (в этой версии Dockyard нет текста пояснения «{ $id }»)

## Пояснения к ошибкам, которые добавляет симулятор.
## Каждое говорит, что пошло не так и что ввести вместо этого.

attach-stopped = Контейнер { $name } остановлен, а подключиться можно только к работающему. Запустите его и сразу подключитесь: `docker start -ai { $name }`.
attached-no-stdin = Контейнер запущен без `-i`, поэтому то, что вы вводите, он не читает. Остановить его можно через Ctrl-C, а для интерактивной работы запускайте контейнер так: `docker run -it ОБРАЗ`.
container-name-conflict = Контейнер с именем { $name } уже есть (возможно, остановленный — его видно в `docker ps -a`). Удалите старый командой `docker rm -f { $name }` или задайте другое имя через `--name`.
container-not-running = Контейнер { $name } не работает, и сигнал ему отправить нельзя. Его состояние видно в `docker ps -a`, а снова запустить его можно командой `docker start { $name }`.
detach-needs-tty = Ctrl-P Ctrl-Q отключает только от контейнеров, запущенных сразу с `-i` и `-t` (`docker run -it ...`). Здесь программу можно лишь остановить через Ctrl-C.
docker-daemon-unreachable = Клиент docker не нашёл демона по адресу { $endpoint }. Проверьте переменную DOCKER_HOST (`echo $DOCKER_HOST`); `unset DOCKER_HOST` вернёт вас к локальному демону.
docker-flag-before-command = Параметры пишутся после команды, к которой относятся: у самого `docker` своих параметров немного (например, `--version` или `-H`), и этого среди них нет. Поставьте его после команды: `docker run --rm alpine`, а не `docker --rm run alpine`.
docker-missing-argument = Команде `{ $command }` не хватает аргументов. Её вид: `{ $command } { $usage }`; что означает каждая часть, расскажет `{ $command } --help`.
docker-unknown-command = У docker нет команды `docker { $command }`; все команды перечислены в `docker --help`.
    .suggestion = Может быть, вы имели в виду `docker { $suggestion }`?
docker-unknown-flag = `{ $command }` не принимает один из указанных параметров ({ $flag }). Проверьте, как он написан и где стоит; все параметры команды перечислены в `{ $command } --help`.
exec-binary-missing = В этом контейнере нет программы `{ $command }`: в образе есть только то, что положили туда его авторы. В маленьких образах вроде alpine есть `sh`, но нет `bash` — попробуйте `sh`.
exec-not-running = `docker exec` выполняет команду в работающем контейнере, а контейнер { $name } не работает. Сначала запустите его: `docker start { $name }`.
executable-not-found = В образе нет программы `{ $command }`, поэтому контейнер не запустился. Всё, что стоит после имени образа, — это команда, которую нужно выполнить внутри: проверьте, как она написана, или уберите её, чтобы запустилась команда образа по умолчанию.
host-command-not-found = В этой песочнице нет команды `{ $command }`. Здесь есть `docker` и привычные команды оболочки (ls, cat, echo, cd, mkdir, curl...) — список покажет `help`. Проверьте и написание.
images-ls-mistake = `docker images { $word }` ищет образы с именем { $word }. Подкоманда пишется через слово в единственном числе: `docker image { $word }`.
invalid-container-name = Имя { $name } не подходит для контейнера: оно должно начинаться с буквы или цифры и состоять только из латинских букв, цифр и символов `_`, `.` и `-`.
invalid-reference = { $reference } — недопустимое имя образа. Имена образов пишутся строчными буквами, тег (необязательный) ставится после двоеточия: `nginx`, `python:3.12-alpine`, `myname/app:1.0`.
mount-space-after-comma = Значение `--mount` — одно слово из пар `ключ=значение` через запятую, без пробелов: `--mount source=my_volume,target=/data`. Пробел после запятой разбивает его на два аргумента, и Docker видит пустое поле.
context-needs-host = Контексту нужен адрес демона Docker: `docker context create ИМЯ --docker host=tcp://ХОСТ:2375`.
build-copy-outside-context = Сборка видит только свой контекст — каталог из `docker build КАТАЛОГ`: выйти из него через `../` нельзя, поэтому BuildKit ищет файл в корне контекста и не находит. Перенесите файл внутрь контекста или собирайте из каталога, где он лежит (`docker build -f app/Dockerfile .`).
login-web-flow = Без имени пользователя `docker login` входит через браузер, а открыть его песочница не может. Укажите Docker ID: `docker login -u ИМЯ` спросит пароль (здесь подойдёт любое имя строчными буквами и любой пароль).
long-dash = В { $text } стоит длинное тире (— или –) там, где нужны два дефиса. Так бывает, если команду скопировали с веб-страницы или из текстового редактора: наберите параметр заново, с `--`.
load-needs-input = `docker load` читает архив, сделанный `docker save`. Укажите файл: `docker load -i image.tar` или `docker load < image.tar`.
login-needs-credentials = Здесь `docker login` не может спросить пароль. Передайте учётные данные в самой команде: `docker login -u ПОЛЬЗОВАТЕЛЬ -p ПАРОЛЬ` или, надёжнее, `echo ПАРОЛЬ | docker login -u ПОЛЬЗОВАТЕЛЬ --password-stdin`.
manifest-unknown = Репозиторий в реестре есть, а тега из { $image } в нём нет. Проверьте тег (на Docker Hub есть их список) или не указывайте его вовсе — тогда будет взят `latest`.
network-not-found = Сети { $network } нет. Создайте её командой `docker network create { $network }`; существующие сети покажет `docker network ls`.
no-command = В образе не указано, какую команду запускать (нет ни CMD, ни ENTRYPOINT), и Docker не знает, что запустить. Укажите команду после имени образа, например `docker run ОБРАЗ sh`.
no-public-port = Контейнер не публикует { $port } на хосте. Порты публикуются при создании контейнера параметром `-p ПОРТ_ХОСТА:ПОРТ_КОНТЕЙНЕРА`; какие порты опубликованы, покажет `docker port ИМЯ`.
no-such-container = Контейнера { $name } нет. `docker ps -a` покажет все контейнеры — и работающие, и остановленные — с их именами и ID.
no-such-image = Образа { $image } здесь нет. Какие образы есть, покажет `docker images`, а скачать этот можно командой `docker pull { $image }`.
no-such-object = Ничего с именем { $name } нет: ни контейнера, ни образа, ни тома, ни сети. Проверьте имя через `docker ps -a`, `docker images`, `docker volume ls` или `docker network ls`.
no-such-volume = Тома { $name } нет. Список томов покажет `docker volume ls`, а создать этот том можно командой `docker volume create { $name }`.
port-already-allocated = Порт хоста { $port } уже занят: один порт хоста может публиковать только один контейнер. Выберите другой порт хоста, например `-p 8081:80`.
    .holder = Его занимает контейнер { $holder }; освободить порт можно командой `docker stop { $holder }`.
pull-access-denied = На Docker Hub нет репозитория { $image }, или он закрытый. Проверьте написание (у официальных образов короткие имена вроде `nginx`); для закрытого репозитория сначала войдите: `docker login`.
push-no-such-tag = Локального образа с именем { $image } нет, так что отправлять нечего. Сначала дайте своему образу это имя — `docker tag ОБРАЗ { $image }`, — потом отправляйте.
push-not-logged-in = Чтобы отправить образ на Docker Hub, нужно войти, а образ попадёт в учётную запись { $namespace }, указанную до косой черты. Сначала войдите: `docker login -u { $namespace }`.
push-wrong-namespace = Вы вошли как { $user }, а образ назван для учётной записи { $namespace }. Отправлять можно только в свою: `docker tag ОБРАЗ { $user }/ИМЯ:ТЕГ`, а потом отправьте его.
registry-unreachable = По адресу { $registry } никто не отвечает. Собственный реестр работает, только пока работает его контейнер: `docker run -d -p 5000:5000 registry:2`.
rm-running-container = Контейнер { $name } ещё работает. Сначала остановите его (`docker stop { $name }`), потом удалите — или сделайте всё сразу: `docker rm -f { $name }`.
rmi-child-images = На основе { $image } собраны другие образы, поэтому отдельно его удалить нельзя. Сначала удалите их: они есть в списке `docker images`.
rmi-image-in-use = Из образа { $image } создан контейнер { $container }, поэтому образ удалить нельзя, даже если контейнер остановлен. Сначала удалите контейнер (`docker rm { $container }`), потом образ.
rmi-multiple-tags = У этого образа несколько тегов, и удаление по ID неоднозначно. Удалите теги по одному (`docker rmi ИМЯ:ТЕГ`) или все сразу: `docker rmi -f { $image }`.
run-invalid-option = Значение одного из параметров `docker run` Docker не понял: { $message }. Сравните с обычной записью: `-p 8080:80`, `-e КЛЮЧ=значение`, `-v ИМЯ:/путь`.
run-rm-restart-conflict = `--rm` удаляет контейнер, когда он останавливается, а `--restart` в этот момент запускает его снова — они противоречат друг другу. Оставьте что-то одно.
save-to-terminal = `docker save` пишет двоичный архив, и на экран его выводить нельзя. Сохраните его в файл: `docker save -o image.tar ОБРАЗ` или `docker save ОБРАЗ > image.tar`.
stats-snapshot = В настоящем терминале `docker stats` обновляет таблицу, пока вы не нажмёте Ctrl-C. Здесь показан один снимок, как у `docker stats --no-stream`.
volume-in-use = Том { $name } использует контейнер { $container }, пусть даже остановленный. Сначала удалите контейнер (`docker rm { $container }`), потом том.
wait-would-block = `docker wait` ждёт, пока контейнер { $name } не остановится, а он ещё работает: настоящий терминал здесь бы замер. Остановите контейнер (`docker stop { $name }`), и `docker wait` напечатает его код завершения.

## `docker build`: контекст сборки, синтаксис Dockerfile (по сообщению на каждый вид
## ошибки разбора, `build-<вид>`) и сбои во время сборки. Подробности печатает Docker.

build-context-missing = Каталога { $path } нет, и собирать не из чего. Последний аргумент `docker build` — контекст сборки, обычно `.`: текущий каталог, где лежит Dockerfile.
build-no-dockerfile = В { $dir } нет файла с именем Dockerfile. Создайте его там или укажите другой файл через `-f`: `docker build -f путь/к/Dockerfile { $dir }`.
build-tag-uppercase = Имя репозитория пишется строчными буквами, а в { $tag } есть заглавные. Используйте `-t { $lower }`.
build-copy-missing = COPY или ADD ссылается на файл, которого нет в контексте сборки. Пути в COPY отсчитываются от контекста (той самой `.` в `docker build .`): проверьте имя через `ls` и загляните в `.dockerignore`.
build-run-failed = Команда RUN завершилась с ошибкой, и сборка остановилась; её вывод виден выше. Сначала опробуйте команду в контейнере: `docker run -it БАЗОВЫЙ_ОБРАЗ sh`.
build-failed = Сборка остановилась с ошибкой, показанной выше. В строке после `ERROR:` названы инструкция и причина.
build-blank-name = В строке ENV или ARG перед `=` нет имени. Сначала пишется имя: `ENV APP_ENV=production`, `ARG VERSION=1.0`.
build-duplicate-directive = Директива парсера (`# syntax=` или `# escape=`) указана в начале Dockerfile дважды. Оставьте одну.
build-duplicate-flag = У инструкции дважды указан один и тот же параметр. Оставьте один.
build-empty-dockerfile = Dockerfile пуст. В нём должна быть хотя бы строка `FROM`, например `FROM alpine`.
build-empty-volume = В VOLUME указан пустой путь. Укажите каталог, который нужно сохранять, например `VOLUME /data`.
build-expansion = Не удалось подставить переменную в Dockerfile. Проверьте её имя и скобки: `$VERSION` или `{ "${VERSION}" }`.
build-flag-not-double-dash = Параметры инструкций Dockerfile начинаются с двух дефисов, например `COPY --chown=app:app . /app`.
build-from-arguments = FROM принимает образ и, если нужно, `AS имя`: `FROM python:3.12` или `FROM python:3.12 AS build`.
build-healthcheck-missing-command = После `HEALTHCHECK CMD` нужна сама команда проверки, например `HEALTHCHECK CMD curl -f http://localhost/ || exit 1`.
build-healthcheck-none-arguments = `HEALTHCHECK NONE` отключает унаследованную проверку, и после него ничего не пишется.
build-healthcheck-unknown-type = После HEALTHCHECK и его параметров идёт `CMD` с командой или `NONE`: `HEALTHCHECK --interval=30s CMD pg_isready`.
build-heredoc-inconsistent = Не удалось однозначно разобрать heredoc в Dockerfile. Сделайте ограничителем простое слово: `<<EOF` … `EOF`.
build-heredoc-not-allowed = Здесь heredoc стоять не может (например, как место назначения COPY). Зато он может быть источником: `COPY <<EOF /app/config.txt`.
build-heredoc-syntax = Не удалось прочитать ограничитель heredoc. Пишите одно слово сразу после `<<`, например `RUN <<EOF`, а текст заканчивайте строкой, в которой только `EOF`.
build-interval-too-short = Времена в HEALTHCHECK должны быть не меньше 1 мс; обычно пишут так: `--interval=30s --timeout=3s`.
build-invalid-bool-flag = Этот параметр принимает только `true` или `false`, например `COPY --link=true`.
build-invalid-duration = Время в HEALTHCHECK записывается числом с единицей измерения: `30s`, `1m30s`, `500ms`.
build-invalid-escape-token = Директива `# escape=` принимает только обратную косую черту (\) или обратный апостроф.
build-invalid-network = `RUN --network` принимает `default`, `none` или `host`.
build-invalid-retries = `--retries` принимает целое число, например `HEALTHCHECK --retries=3 CMD ...`.
build-invalid-stage-name = Имя этапа (после `AS`) начинается с буквы и состоит только из букв, цифр, `-`, `_` и `.`: `FROM node:20 AS build`.
build-json-not-string-array = В JSON-форме (exec-форме) каждый элемент — строка в двойных кавычках: `CMD ["python", "app.py", "8080"]`.
build-key-value-missing-equals = Если ENV или LABEL задаёт в одной строке несколько значений, каждое пишется как `имя=значение`: `ENV A=1 B=2`. Значения с пробелами берите в кавычки: `LABEL description="my app"`.
build-key-value-needs-two-arguments = В этой строке ENV или LABEL есть имя, но нет значения. Пишите `ENV ИМЯ=значение` (или по-старому: `ENV ИМЯ значение`).
build-line-too-long = Строка Dockerfile длиннее 64 КиБ. Разбейте длинную команду на несколько строк, ставя `\` в конце каждой.
build-missing-flag-value = Этому параметру нужно значение после `=`, например `COPY --from=build /app /app`.
build-mount-csv = Не удалось разобрать значение `--mount`: это список `ключ=значение` через запятую, например `RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt`.
build-mount-from-variable = В `from` у `--mount` нельзя подставлять переменную. Заведите именованный этап — `FROM $IMAGE AS deps` — и укажите `from=deps`.
build-mount-invalid-number = Числовой параметр `--mount` (mode, uid, gid) получил не число; пишите, например, `mode=0755`, `uid=1000`.
build-mount-invalid-value = У параметра `--mount` недопустимое значение: параметры «да/нет» принимают `true` или `false`, размеры — числа.
build-mount-not-key-value = Каждая часть значения `--mount` — это `ключ=значение` (или флаг вроде `readonly`), части разделяются запятыми: `--mount=type=bind,source=.,target=/src`.
build-mount-option-not-allowed = У этого типа монтирования такого параметра нет: `mode`, `uid` и `gid` бывают только у монтирований cache и secret.
build-mount-secret-from = У монтирования секрета не бывает `from`: секреты передаются через `docker build --secret id=...`, а не берутся из образа.
build-mount-secret-missing-target = Монтированию секрета нужен `id` или `target`: `RUN --mount=type=secret,id=token cat /run/secrets/token`.
build-mount-secret-sharing = `sharing` бывает только у монтирований кеша; уберите его из монтирования секрета.
build-mount-secret-source-and-id = Для монтирования секрета укажите либо `id`, либо `source`, но не оба сразу.
build-mount-sharing-not-cache = `sharing` относится только к монтированиям `type=cache`; здесь его нужно убрать.
build-mount-unexpected-key = Такого ключа `--mount` не знает. Обычно используются `type`, `source`, `target`, `from`, `id` и `readonly`.
build-mount-unexpected-key-for-type = Этот ключ не подходит к данному типу монтирования: например, `required` бывает только у монтирований secret и ssh.
build-mount-unsupported-sharing = `sharing` принимает `shared`, `private` или `locked`.
build-mount-unsupported-type = Типы монтирования — `bind`, `cache`, `tmpfs`, `secret` и `ssh`, например `RUN --mount=type=cache,target=/root/.cache`.
build-negative-retries = `--retries` не может быть отрицательным; укажите 0 или больше, например `--retries=3`.
build-no-build-stage = Все инструкции, кроме ARG, идут после `FROM`. Поставьте `FROM образ` в начало Dockerfile (перед ним могут стоять только строки ARG).
build-no-destination = У COPY и ADD должны быть источник и место назначения: `COPY app.py /app/` или `COPY . .`.
build-no-instructions = В Dockerfile только комментарии и пустые строки. Начните его с `FROM`, например `FROM alpine`.
build-no-stages = В Dockerfile нет строки FROM, поэтому собирать нечего. Начните его с `FROM образ`, например `FROM python:3.12-slim`.
build-not-a-command = FROM не может быть триггером ONBUILD. После ONBUILD пишутся инструкции вроде `ONBUILD COPY . /app`.
build-onbuild-chaining = `ONBUILD ONBUILD` писать нельзя: триггер ONBUILD срабатывает только в следующем образе, собранном на основе этого.
build-onbuild-not-single-expression = В строке ONBUILD ровно одна инструкция: `ONBUILD RUN make`.
build-onbuild-trigger-not-allowed = FROM и MAINTAINER не могут быть триггерами ONBUILD. Используйте инструкции вроде `ONBUILD COPY . /app`.
build-requires-at-least-one-argument = После имени этой инструкции нужен хотя бы один аргумент, например `RUN echo hi`, `EXPOSE 80`, `WORKDIR /app`.
build-requires-exactly-one-argument = Эта инструкция принимает ровно один аргумент: `WORKDIR /app`, `USER app`. Путь с пробелами возьмите в кавычки.
build-requires-json-form = SHELL записывается только в JSON-форме: `SHELL ["/bin/bash", "-c"]`.
build-too-many-arguments = Инструкция получила больше аргументов, чем принимает. Значения с пробелами берите в кавычки: `ENV GREETING="hello world"`.
build-unknown-flag = Эта инструкция не принимает такой параметр. Сверьте написание с привычными: `COPY --from=...`, `COPY --chown=...`, `RUN --mount=...`.
build-unknown-instruction = Такой инструкции Docker не знает. Каждая строка начинается с одной из FROM, RUN, COPY, ADD, WORKDIR, ENV, ARG, EXPOSE, CMD, ENTRYPOINT, USER, VOLUME, LABEL, HEALTHCHECK, SHELL, STOPSIGNAL или ONBUILD. Та же ошибка бывает, если длинную команду перенесли на новую строку без `\` в конце предыдущей.
build-unterminated-heredoc = Heredoc в Dockerfile не закрыт. Закончите его текст строкой, в которой стоит только ограничитель, например `EOF`.

## `docker compose`: файл compose и запуск его сервисов.

compose-bad-condition = У сервиса { $service } в `depends_on` указано условие { $condition }. Условия бывают такие: `service_started`, `service_healthy` (ждать его проверки здоровья) и `service_completed_successfully` (ждать, пока он завершится с кодом 0).
compose-bad-interpolation = В { $file } знак `$` в { $path } начинает переменную, но { $value } переменной быть не может. Переменные пишутся как `$NAME` или `{ "${NAME}" }`, а сам знак доллара — как `$$`.
compose-bad-restart = У сервиса { $service } указано `restart: { $value }`. Политики бывают такие: `no`, `always`, `on-failure` (или `on-failure:3`) и `unless-stopped`; "no" пишите в кавычках, иначе YAML прочитает его как false.
compose-bind-source-missing = Источника bind-монтирования { $path } на хосте нет. Создайте его (`mkdir -p { $path }`) или исправьте путь; относительный путь вроде `./data` отсчитывается от каталога файла compose.
compose-dependency-cycle = Сервисы зависят друг от друга по кругу ({ $cycle }), и ни один не может запуститься первым. Уберите одну из этих записей `depends_on`.
compose-dependency-exited = Контейнер { $container }, которого ждут другие сервисы, завершился с кодом { $code }. Причину покажет `docker compose logs`; исправьте её и снова выполните `docker compose up`.
compose-dependency-failed = Сервис { $service } должен был сначала успешно завершиться (`condition: service_completed_successfully`), а завершился с кодом { $code }. Причину покажет `docker compose logs { $service }`.
compose-dependency-no-healthcheck = `condition: service_healthy` ждёт проверки здоровья сервиса { $service }, а у контейнера { $container } её нет. Добавьте сервису { $service } `healthcheck:` (например, `test: ["CMD", "pg_isready"]`) или используйте `condition: service_started`.
compose-dependency-timeout = Контейнер { $container } так и не стал готов, поэтому зависящие от него сервисы не запущены. Проверьте его проверку здоровья и журнал: `docker compose ps`, `docker compose logs`.
compose-dependency-unhealthy = Проверка здоровья сервиса { $service } не проходит (контейнер { $container } в состоянии unhealthy), поэтому ждущие его сервисы не запущены. Журнал проверок покажет `docker inspect { $container }`, вывод — `docker compose logs { $service }`.
compose-empty-file = Файл { $file } пуст. Файл compose начинается с `services:`, и под ним должен быть хотя бы один сервис — например, `web` с `image: nginx`.
compose-env-file-missing = Файла переменных { $file } нет. Создайте его (строки вида `KEY=value`) или исправьте путь в `env_file:` или `--env-file`.
compose-external-network-missing = Сеть { $network } помечена как `external: true`, то есть Compose ожидает, что она уже есть. Сначала создайте её: `docker network create { $network }`.
compose-external-volume-missing = Том { $volume } помечен как `external: true`, то есть Compose ожидает, что он уже есть. Сначала создайте его: `docker volume create { $volume }`.
compose-file-not-found = Файла compose { $file } нет. Проверьте имя, указанное в `-f`, или выполните команду в каталоге, где лежит `compose.yaml`.
compose-healthcheck-test = `test` в проверке здоровья сервиса { $service } начинается с { $value }. Он должен начинаться с `CMD` (дальше слова команды), `CMD-SHELL` (дальше одна команда оболочки) или `NONE`: `test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]`.
compose-image-missing = Образа { $image } здесь нет, а `pull_policy: never` запрещает его скачивать. Скачайте его сами (`docker pull { $image }`) или поменяйте политику.
compose-invalid-duration = { $value } в { $path } — не длительность. Пишите число с единицей измерения: `30s`, `1m30s`, `500ms`.
compose-invalid-port = Порт { $port } у сервиса { $service } не удалось разобрать. Порты пишутся в кавычках как "ХОСТ:КОНТЕЙНЕР", например "8080:80", или просто "80".
compose-invalid-project-name = { $name } не годится в имена проекта: в нём могут быть только строчные латинские буквы, цифры, `-` и `_`, а начинаться оно должно с буквы или цифры. Укажите, например, `-p { $suggestion }` или `name: { $suggestion }` в файле compose.
compose-invalid-volume = Том сервиса { $service } ({ $volume }) записан неправильно. Краткая форма — `ИСТОЧНИК:ЦЕЛЬ` (можно с `:ro`), путь в контейнере абсолютный: `db-data:/var/lib/postgresql/data`, `./html:/usr/share/nginx/html:ro`.
compose-no-file = Ни в { $dir }, ни в каталогах выше нет файла compose. Создайте там `compose.yaml` или укажите файл через `-f`.
compose-no-image = У сервиса { $service } (строка { $line }) нет ни `image:`, ни `build:`, и Compose не знает, что запускать. Добавьте, например, `image: nginx` или `build: .`, чтобы собрать образ из Dockerfile.
compose-undefined-network = Сервис { $service } подключается к сети { $network }, которая в файле не объявлена. Объявите её на верхнем уровне: `networks:`, а под ним `{ $network }:`.
compose-undefined-service = Сервис { $service } зависит от { $dependency }, но сервиса с таким именем нет. Проверьте написание в `services:` и в `depends_on`.
compose-undefined-volume = Сервис { $service } использует именованный том { $volume }, который в файле не объявлен. Объявите его на верхнем уровне: `volumes:`, а под ним `{ $volume }:`. (Путь вроде `./data` был бы bind-монтированием.)
compose-unknown-key = { $file }, строка { $line }: у { $path } нет ключа { $key }. Проверьте написание и отступы: ключ с неверным отступом попадает не в тот раздел.
    .suggestion = Может быть, вы имели в виду `{ $suggestion }`?
compose-volume-type-missing = Тому сервиса { $service } в полной форме нужен `type:` (`volume`, `bind` или `tmpfs`) рядом с `source:` и `target:`.
compose-wrong-type = { $file }, строка { $line }: у { $path } значение не того вида. Проверьте отступы и то, что там должно быть — список (`- элемент`) или словарь (`ключ: значение`).
    .expected = Здесь Compose ожидает { $expected }.
compose-yaml-syntax = { $file } — некорректный YAML (строка { $line }). Обычные причины: табуляция вместо пробелов, неровные отступы и отсутствие пробела после `:`.
compose-logs-follow = В настоящем терминале `docker compose logs -f` продолжает печатать новые строки, пока вы не нажмёте Ctrl-C. Здесь показано то, что записано к этому моменту; чтобы увидеть новое, выполните команду ещё раз.
compose-no-such-service = В файле compose нет сервиса { $service }. Сервисы в нём такие: { $services }.
compose-not-simulated = `docker compose { $command }` есть в настоящем Docker, но не в этом симуляторе. Что работает здесь, покажет `docker compose --help`.
compose-nothing-to-start = У сервиса { $service } ещё нет контейнера, так что запускать нечего: `start` запускает только уже созданные контейнеры. Создаст и запустит их `docker compose up -d`.
compose-orphans = Контейнеры { $containers } относятся к этому проекту, но ни к одному сервису в файле compose (сервис переименовали или удалили). Удалит их `docker compose up -d --remove-orphans`.
compose-service-not-running = Сервис { $service } проекта { $project } не работает, и выполнять команду негде. Запустите его: `docker compose up -d { $service }`; его состояние покажет `docker compose ps -a`.
compose-unknown-command = У compose нет команды `docker compose { $command }`. Все они перечислены в `docker compose --help` (up, down, ps, logs, exec, build...).
compose-up-attached = В настоящем терминале `docker compose up` без `-d` остаётся подключённым и показывает журналы сервисов, пока Ctrl-C их не остановит. Здесь они продолжают работать в фоне; для этого и есть `docker compose up -d`, вывод покажет `docker compose logs`, а остановит всё `docker compose down`.
compose-version-obsolete = Строка `version:` в начале { $file } больше не нужна: современный Compose её не читает, и её можно удалить.
