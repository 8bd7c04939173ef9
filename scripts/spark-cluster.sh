#!/usr/bin/env bash
# A Spark standalone cluster from this project's build: Spark's own Master and Worker classes
# (org.apache.spark.deploy.master.Master / .worker.Worker), run from target/lib, for
# `scripts/backprop-lab experiment --spark spark://HOST:PORT`. No scheduler of ours.
#
# Usage:
#   scripts/spark-cluster.sh start [--host HOST] [--port PORT] [--workers N] [--cores C] [--memory MEM]
#   scripts/spark-cluster.sh start-worker --master spark://HOST:PORT [--host HOST] [--cores C] [--memory MEM]
#   scripts/spark-cluster.sh stop | status
#
# Defaults: --host 127.0.0.1 (loopback: nothing is reachable from other machines), --port 7077,
# one worker with all cores and 2g for executors. With a --host that is not loopback, the
# cluster requires authentication: a random secret is written (mode 600) to
# target/spark-home/conf/spark-defaults.conf with spark.authenticate=true; copy that file to the
# same place on every worker machine, and run the experiment with
# SPARK_CONF_DIR=target/spark-home/conf so that the driver reads it too.
# Everything lives under target/spark-home: jars/ (links to the manifest's target/lib jars and to target/spark-lib), conf/, logs/, run/ (pid files), work/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="$root/target/spark-home"

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 1 ] || usage
command="$1"; shift
host=127.0.0.1 port=7077 workers=1 cores="" memory=2g master=""
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --memory) memory="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "spark-cluster: unknown option $1" >&2; usage ;;
  esac
done

loopback() { case "$1" in 127.*|localhost|::1) return 0 ;; *) return 1 ;; esac; }

prepare() {
  if [ ! -f "$root/target/backprop-lab.jar" ] || [ ! -d "$root/target/lib" ] || [ ! -d "$root/target/spark-lib" ]; then
    echo "spark-cluster: building (mvn package) ..." >&2
    (cd "$root" && mvn -B -q package -DskipTests) >&2
  fi
  mkdir -p "$home/conf" "$home/logs" "$home/run" "$home/work"
  # executors' classpath: SPARK_HOME/jars/* = Spark, DL4J and the rest: exactly the jars the build's
  # manifest names (target/lib may still hold jars of an older build, e.g. a replaced Vert.x version)
  rm -rf "$home/jars"
  mkdir -p "$home/jars"
  local manifest
  manifest="$(mktemp -d)"
  (cd "$manifest" && jar xf "$root/target/backprop-lab.jar" META-INF/MANIFEST.MF)
  tr -d '\r' < "$manifest/META-INF/MANIFEST.MF" | sed -e ':a;N;$!ba;s/\n //g' \
    | sed -n 's/^Class-Path: //p' | tr ' ' '\n' | while read -r jar; do
      if [ -n "$jar" ]; then ln -s "../../$jar" "$home/jars/${jar#lib/}"; fi
    done
  rm -rf "$manifest"
  for jar in "$root"/target/spark-lib/*.jar; do   # Spark itself and what only Spark needs
    ln -s "../../spark-lib/${jar##*/}" "$home/jars/${jar##*/}"
  done
  cat > "$home/conf/logback.xml" <<'EOF'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
  </appender>
  <logger name="org.apache.spark" level="INFO"/>
  <logger name="org.sparkproject" level="WARN"/>
  <logger name="io.netty" level="WARN"/>
  <logger name="bplab" level="INFO"/>
  <root level="WARN"><appender-ref ref="OUT"/></root>
</configuration>
EOF
  local defaults="$home/conf/spark-defaults.conf"
  if loopback "$host"; then
    [ "$command" = start ] && rm -f "$defaults"
  elif [ "$command" = start-worker ] && [ ! -f "$defaults" ]; then
    echo "spark-cluster: $defaults is missing; copy it from the master's machine (it holds the cluster's secret)" >&2
    exit 2
  elif [ ! -f "$defaults" ]; then
    umask 077
    printf 'spark.authenticate true\nspark.authenticate.secret %s\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" > "$defaults"
    echo "spark-cluster: authentication on; secret in $defaults (copy it to every worker machine)" >&2
  fi
}

# Spark 3.5 on Java 17: Spark's own list of opened packages (JavaModuleOptions).
opens=""
for m in java.base/java.lang java.base/java.lang.invoke java.base/java.lang.reflect java.base/java.io java.base/java.net \
         java.base/java.nio java.base/java.util java.base/java.util.concurrent java.base/java.util.concurrent.atomic \
         java.base/jdk.internal.ref java.base/sun.nio.ch java.base/sun.nio.cs java.base/sun.security.action \
         java.base/sun.util.calendar java.security.jgss/sun.security.krb5; do
  opens="$opens --add-opens=$m=ALL-UNNAMED"
done

daemon() { # name class args...
  local name="$1" class="$2"; shift 2
  local log="$home/logs/$name.log"
  : > "$log"
  # SPARK_HOME and SPARK_SCALA_VERSION let the worker build executor command lines without a Spark
  # distribution; SPARK_CONF_DIR puts logback.xml (and the secret) on the executors' classpath.
  SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_CONF_DIR="$home/conf" SPARK_LOCAL_IP="$host" \
  OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" \
    nohup java -Xmx512m $opens -Dlogback.configurationFile="$home/conf/logback.xml" \
      -cp "$home/jars/*" "$class" "$@" > "$log" 2>&1 < /dev/null &
  echo $! > "$home/run/$name.pid"
  echo "$log"
}

await() { # log pattern what: waits for the line, up to SPARK_CLUSTER_WAIT seconds (default 300)
  local deadline=$(( $(date +%s) + ${SPARK_CLUSTER_WAIT:-300} ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if grep -q -E "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "spark-cluster: $3 did not come up within ${SPARK_CLUSTER_WAIT:-300} s; see $1" >&2
  exit 1
}

start_workers() {
  local i log args
  for i in $(seq 1 "$workers"); do
    args=(--host "$host" --work-dir "$home/work" --memory "$memory" --webui-port 0)
    [ -n "$cores" ] && args+=(--cores "$cores")
    log=$(daemon "worker-$i" org.apache.spark.deploy.worker.Worker "${args[@]}" "$master")
    await "$log" "Successfully registered with master" "worker $i"
    echo "worker $i: registered with $master (log $log)"
  done
}

case "$command" in
  start)
    prepare
    if [ -f "$home/run/master.pid" ] && kill -0 "$(cat "$home/run/master.pid")" 2>/dev/null; then
      echo "spark-cluster: already running (scripts/spark-cluster.sh stop first)" >&2; exit 1
    fi
    log=$(daemon master org.apache.spark.deploy.master.Master --host "$host" --port "$port" --webui-port 8080)
    await "$log" "Starting Spark master at" "the master"
    master=$(grep -o -E "Starting Spark master at spark://[^ ]+" "$log" | head -1 | sed 's/.* at //')
    echo "master: $master (log $log, web UI http://$host:8080)"
    start_workers
    echo
    echo "Run an experiment on it:"
    if loopback "$host"; then
      echo "  scripts/backprop-lab experiment --config experiments/mse-vs-ce.yaml --spark $master"
    else
      echo "  SPARK_CONF_DIR=$home/conf scripts/backprop-lab experiment --config experiments/mse-vs-ce.yaml --spark $master"
    fi
    ;;
  start-worker)
    [ -n "$master" ] || { echo "spark-cluster: start-worker needs --master spark://HOST:PORT" >&2; exit 2; }
    prepare
    start_workers
    ;;
  stop)
    for f in "$home"/run/*.pid; do
      [ -e "$f" ] || continue
      pid=$(cat "$f")
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"   # a worker stops its executors on the way down
        for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        echo "stopped $(basename "$f" .pid) ($pid)"
      fi
      rm -f "$f"
    done
    ;;
  status)
    for f in "$home"/run/*.pid; do
      [ -e "$f" ] || { echo "not running"; break; }
      pid=$(cat "$f")
      if kill -0 "$pid" 2>/dev/null; then echo "$(basename "$f" .pid): running ($pid)"; else echo "$(basename "$f" .pid): not running"; fi
    done
    ;;
  *) usage ;;
esac
