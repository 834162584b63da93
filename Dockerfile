# Build: docker build -t landscape .
# Run:   docker run --env-file .env -v landscape-data:/data -v "$PWD/corpus:/corpus:ro" landscape
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/landscape ./cmd/landscape
# Empty mount points owned by the runtime user: a named volume mounted on
# them starts with that owner, so the state store is writable.
RUN mkdir -p /out/data /out/corpus

# Static binary, CA certificates for Slack, time zones for the digest
# schedule, a non-root user: nothing else.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/landscape /usr/local/bin/landscape
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 /out/corpus /corpus
ENV LANDSCAPE_DATA_DIR=/data \
    LANDSCAPE_CORPUS_DIR=/corpus \
    HTTP_ADDR=:8080 \
    LOG_FORMAT=json
VOLUME ["/data", "/corpus"]
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/landscape"]
CMD ["serve"]
