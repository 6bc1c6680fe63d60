# syntax=docker/dockerfile:1
# Build a static binary, then ship it alone on distroless/static (CA
# certificates included, no shell). Time zone data is embedded in the binary.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath \
      -ldflags "-s -w -X github.com/mentorbot/mentorbot/internal/cli.Version=${VERSION}" \
      -o /out/mentorbot ./cmd/mentorbot

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/mentorbot /mentorbot
# Actions runs Docker actions as root with the workspace mounted; the App
# (mentorbot serve) runs fine as the image's nonroot user: override with
# `user: 65532` in Kubernetes.
ENTRYPOINT ["/mentorbot"]
