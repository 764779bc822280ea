# syntax=docker/dockerfile:1
#
# playbook in a container: the binary is built with Go 1.26 and copied onto
# a small Alpine image that has git (page histories are read with git log).
# Written with care but not run where it was written (no docker there):
# build it once before relying on it.
#
#   docker build --build-arg REVISION="$(git rev-parse HEAD)" -t playbook .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" playbook check -strict
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" playbook build
#   docker run --rm -v "$PWD:/site" -p 127.0.0.1:1313:1313 playbook serve -addr :1313

FROM golang:1.26 AS build
WORKDIR /src
# The modules first, so that a change to the code does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# .git is not sent (.dockerignore), so the go command cannot record the
# commit: it comes from REVISION instead, for `playbook version`.
ARG REVISION=""
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
        -ldflags "-s -w -X main.revision=${REVISION}" \
        -o /out/playbook ./cmd/playbook \
    && /out/playbook version

FROM alpine:3.22
# git for the change history of each page; ca-certificates for git over
# https. A site folder mounted from the host belongs to another user, which
# git refuses unless told the folder is safe.
RUN apk add --no-cache git ca-certificates \
    && git config --system --add safe.directory '*'
COPY --from=build /out/playbook /usr/local/bin/playbook
WORKDIR /site
# serve listens on 127.0.0.1 unless told otherwise; in a container it needs
# -addr :1313 to be reachable through a published port.
EXPOSE 1313
ENTRYPOINT ["playbook"]
CMD ["build"]
