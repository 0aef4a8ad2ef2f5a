# syntax=docker/dockerfile:1
# The image of one Event Stream service: ingest-api (8081), event-writer (8083) or metrics-api (8082); the front
# door is nginx's own image. Build from the repository root (the build is multi-module):
#   docker build --build-arg SERVICE=ingest-api --build-arg PORT=8081 -t event-stream/ingest-api .
# docker-compose.yml builds all three this way.

FROM eclipse-temurin:17.0.19_10-jdk-noble AS build
ARG SERVICE
WORKDIR /src
COPY . .
# The Maven wrapper fetches Maven into /root/.m2 too, so the cache keeps both between builds; "locked" makes
# parallel image builds (docker compose up --build) take turns instead of writing one local repository at once.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    test -n "$SERVICE" || { echo "--build-arg SERVICE=<module> is required" >&2; exit 1; } \
 && ./mvnw -B -q -pl "$SERVICE" -am package -DskipTests \
 && cp "$SERVICE"/target/"$SERVICE"-*-exec.jar /app.jar

FROM eclipse-temurin:17.0.19_10-jre-noble
ARG PORT=8080
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /app.jar /app/app.jar
USER 10001:10001
# Heap from the container's memory limit; a JVM out of memory exits so that the restart policy replaces it;
# G1 also under 1.75 GB, where the JVM would otherwise pick the serial collector.
ENV SERVER_PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC"
EXPOSE ${PORT}
# Readiness over bash's /dev/tcp: the image has no need for curl or wget.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/$SERVER_PORT && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
