# syntax=docker/dockerfile:1
# Build a static binary, then ship it alone on distroless/static (CA
# certificates included, no shell). Time zone data is embedded in the binary.
FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# TARGETOS/TARGETARCH come from buildx (--platform linux/amd64,linux/arm64):
# the Go toolchain cross-compiles, so no emulated compiler runs. -trimpath
# and an empty build id make the binary reproducible.
ARG TARGETOS=linux TARGETARCH
RUN CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -trimpath \
      -ldflags "-s -w -buildid= -X github.com/mentorbot/mentorbot/internal/cli.Version=${VERSION}" \
      -o /out/mentorbot ./cmd/mentorbot

FROM gcr.io/distroless/static-debian12
ARG VERSION=dev
LABEL org.opencontainers.image.title="mentorbot" \
      org.opencontainers.image.description="Automates the chores of an open-source mentoring programme: GitHub Action, GitHub App and CLI" \
      org.opencontainers.image.source="https://github.com/mentorbot/mentorbot" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /out/mentorbot /mentorbot
# Actions runs Docker actions as root with the workspace mounted; the App
# (mentorbot serve) runs fine as the image's nonroot user: override with
# `user: 65532` in Kubernetes.
ENTRYPOINT ["/mentorbot"]
