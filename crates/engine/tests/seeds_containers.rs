//! Every image/container command line of the course notes, run as a student would,
//! with the transcript snapshotted (review snapshot changes like code).

mod common;
use common::session;

#[test]
fn run_python_version_ps_and_prune() {
    insta::assert_snapshot!(session(
        "docker run python:3.11.5-alpine python --version
docker ps
docker ps -a
docker container prune
y
docker run --rm python:3.11.5-alpine python --version
docker ps -a
"
    ));
}

#[test]
fn interactive_python() {
    insta::assert_snapshot!(session(
        "docker run --rm -it python:3.11.5-alpine python
import os
os.name
exit()
docker ps -a
"
    ));
}

#[test]
fn detached_server_exec_stop_rm() {
    insta::assert_snapshot!(session(
        "docker run --name test -d python:3.11.5-alpine python -m http.server 8888
docker ps
docker exec test wget -qO- localhost:8888
docker logs test
docker top test
docker stop test
docker ps -a
docker rm test
docker ps -a
"
    ));
}

#[test]
fn bind_mount_env_ports_curl_logs() {
    insta::assert_snapshot!(session(
        r#"mkdir -p /home/student/vagrant
cd /home/student/vagrant
cat > test.py <<'EOF'
from http.server import HTTPServer, BaseHTTPRequestHandler
from os import getenv

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        file = getenv("FILE", "none")
        self.wfile.write(f"file: {file}\n".encode())
        if file != "none":
            self.wfile.write(open(file, "rb").read())

HTTPServer(('', 8888), Handler).serve_forever()
EOF
echo 'Vagrant.configure("2") do |config|' > Vagrantfile
docker run -p 8888:8888 -v /home/student/vagrant:/vagrant -e FILE=/vagrant/Vagrantfile -d --name test python:3.11.5-alpine python /vagrant/test.py
curl localhost:8888
docker logs test
docker port test
docker exec -it test /bin/sh
ls /vagrant/
env
exit
docker rm -f test
"#
    ));
}

#[test]
fn images_pull_tag_rmi() {
    insta::assert_snapshot!(session(
        "docker pull python
docker pull python:3.11.5-alpine
docker pull registry:2
docker images
docker tag python:3.11.5-alpine localhost:5000/python:3.11.5-alpine
docker images
docker rmi localhost:5000/python:3.11.5-alpine
docker image history python:3.11.5-alpine
docker image inspect --format '{{.Config.Cmd}}' python:3.11.5-alpine
"
    ));
}

#[test]
fn mistakes_get_docker_messages_and_explanations() {
    insta::assert_snapshot!(session(
        "docker --rm run python
docker run alpine foo
docker run nosuchimage
docker run MyImage
docker ps --foo
docker stop nothere
docker exec nothere ls
docker run --rm --restart always alpine
docker frobnicate
docker run
"
    ));
}

#[test]
fn rm_running_and_rmi_conflicts() {
    insta::assert_snapshot!(session(
        "docker run -d --name web nginx
docker rm web
docker rmi nginx
docker stop web
docker rmi nginx
docker rm web
docker rmi nginx
"
    ));
}

#[test]
fn hello_world_nginx_redis_postgres() {
    insta::assert_snapshot!(session(
        "docker run hello-world
docker run -d -p 8080:80 --name web nginx
curl localhost:8080
docker logs web
docker run -d --name cache redis:7-alpine
docker run -d --name db postgres:14-alpine
docker ps -a
docker logs db
docker run -d --name db2 -e POSTGRES_PASSWORD=secret postgres:14-alpine
docker ps
"
    ));
}

#[test]
fn system_commands() {
    insta::assert_snapshot!(session(
        "docker version
docker run -d --name sleeper alpine sleep 1000
docker system df
docker stats --no-stream
docker inspect --format '{{.State.Status}}' sleeper
docker rm -f $(docker ps -aq)
docker system prune -a -f
docker images
"
    ));
}
