FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /basisscan ./cmd/basisscan
# The data directory (outbox, key file) belongs to the unprivileged user the
# service runs as, so that a volume mounted there is writable.
RUN mkdir -p /out/data && chown 65532:65532 /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /basisscan /basisscan
COPY --from=build --chown=65532:65532 /out/data /data
ENTRYPOINT ["/basisscan"]
CMD ["serve"]
