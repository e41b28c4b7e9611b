# Builds the portal into a small image. The binary is pure Go (FerretDB's
# SQLite backend is modernc.org/sqlite), so it runs on a static base.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/portal ./cmd/portal

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/portal /portal
ENV PORTAL_ADDR=0.0.0.0:8080 PORTAL_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s CMD ["/portal", "health"]
ENTRYPOINT ["/portal"]
CMD ["serve"]
