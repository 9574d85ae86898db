FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /basisscan ./cmd/basisscan
# The data directory (outbox) and the key directory belong to the
# unprivileged user the service runs as, so that volumes mounted there are
# writable; they are apart so that a backup of one does not hold both.
RUN mkdir -p /out/data /out/keys && chown 65532:65532 /out/data /out/keys && chmod 700 /out/data /out/keys

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /basisscan /basisscan
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 /out/keys /keys
# The service listens on 8080 in the container (BASISSCAN_ADDR in compose);
# the image has no shell, so the health check is the binary's own.
ENV BASISSCAN_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/basisscan", "health", "--ready"]
ENTRYPOINT ["/basisscan"]
CMD ["serve"]
