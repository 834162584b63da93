# Build: docker build -t landscape .
# Run:   docker run --env-file .env -v landscape-data:/data -v "$PWD/corpus:/corpus:ro" landscape
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/landscape ./cmd/landscape

# Static binary, CA certificates for Slack, time zones for the digest
# schedule, a non-root user: nothing else.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/landscape /usr/local/bin/landscape
ENV LANDSCAPE_DATA_DIR=/data \
    LANDSCAPE_CORPUS_DIR=/corpus \
    HTTP_ADDR=:8080 \
    LOG_FORMAT=json
VOLUME ["/data", "/corpus"]
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/landscape"]
CMD ["serve"]
