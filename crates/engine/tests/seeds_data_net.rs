//! Volumes, bind mounts, ports, networks, registries, save/load and remote daemons,
//! as the course notes use them.

mod common;
use common::session;

#[test]
fn volumes_survive_and_prefill() {
    insta::assert_snapshot!(session(
        "docker volume create my_volume
docker volume ls
docker run --rm -v my_volume:/data alpine sh -c 'echo saved > /data/note.txt'
docker run --rm -v my_volume:/data alpine cat /data/note.txt
docker run -d --name web --mount type=volume,source=html,target=/usr/share/nginx/html nginx
docker run --rm -v html:/h alpine ls /h
docker volume rm html
docker rm -f web
docker volume rm html
docker run --rm -v my_volume:/data:ro alpine sh -c 'echo x > /data/y'
docker run --rm --mount source=my_volume, target=/data alpine ls
docker volume create —-name my_volume
docker volume inspect my_volume
docker volume prune -f
docker volume ls
"
    ));
}

#[test]
fn ports_and_curl() {
    insta::assert_snapshot!(session(
        "docker run -d --name web -p 8080:80 nginx
docker run -d --name web2 -p 8080:80 nginx
docker ps -a
curl -s localhost:8080 | head -4
curl localhost:9999
docker run -d --name any -P nginx
docker port any
docker run -d --name exposed --expose 5000 alpine sleep 100
docker ps --format '{{.Names}} {{.Ports}}'
"
    ));
}

#[test]
fn networks_and_name_resolution() {
    insta::assert_snapshot!(session(
        "docker network create appnet
docker network ls
docker run -d --name api --network appnet nginx
docker run --rm --network appnet alpine wget -qO- http://api | head -4
docker run -d --name lonely nginx
docker run --rm alpine wget -qO- http://lonely
docker run --rm --network appnet alpine ping -c 1 api
docker network inspect --format '{{.Name}} {{.Driver}}' appnet
docker network rm appnet
"
    ));
}

#[test]
fn private_registry_push_pull_and_save_load() {
    insta::assert_snapshot!(session(
        "docker pull python:3.11.5-alpine
docker push localhost:5000/python:3.11.5-alpine
docker run -d -p 5000:5000 --name registry registry:2
docker tag python:3.11.5-alpine localhost:5000/python:3.11.5-alpine
docker push localhost:5000/python:3.11.5-alpine
docker rmi localhost:5000/python:3.11.5-alpine
docker pull localhost:5000/python:3.11.5-alpine
docker push student/app
docker tag python:3.11.5-alpine student/app
docker push student/app
docker login -u student -p secret
docker push student/app
docker tag python:3.11.5-alpine someone/app
docker push someone/app
docker save python:3.11.5-alpine
docker save python:3.11.5-alpine -o python.tar
ls
docker rmi -f python:3.11.5-alpine localhost:5000/python:3.11.5-alpine student/app
docker load -i python.tar
docker images
"
    ));
}

#[test]
fn remote_daemon_via_docker_host() {
    insta::assert_snapshot!(session(
        "export DOCKER_HOST=localhost:2375
docker run -d registry:2
docker ps
unset DOCKER_HOST
docker ps
docker -H tcp://localhost:2375 images
export DOCKER_HOST=tcp://prod-server:2375
docker ps
"
    ));
}

#[test]
fn contexts_links_and_multi_network_dns() {
    insta::assert_snapshot!(session(
        "docker context create vm --docker host=tcp://localhost:2375 --description 'the notes VM'
docker context ls
docker context use vm
docker run -d --name onvm alpine sleep 100
docker context use default
docker ps --format '{{.Names}}'
docker --context vm ps --format '{{.Names}}'
docker context rm vm
docker run -d --name web nginx
docker run --rm --link web alpine sh -c 'grep web /etc/hosts; env | grep WEB_PORT_80'
docker network create shopnet
docker network connect shopnet web
docker run --rm --network shopnet alpine ping -c 1 web
docker inspect --format '{{.NetworkSettings.Networks.shopnet.IPAddress}}' web
"
    ));
}

#[test]
fn login_prompts_like_a_terminal() {
    insta::assert_snapshot!(session(
        "docker login -u student
secret
docker login
docker login localhost:5000
alice
pw
docker logout
"
    ));
}
