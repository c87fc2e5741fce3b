# Sourced by the store benchmarks: builds the store and sets OUT (bench/out) and CP (StoreBench's class path).
OUT=bench/out
mkdir -p $OUT
mvn -B -q -o -pl saslfail-store -am package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/$OUT/store.cp" >/dev/null
jar cf $OUT/store-bench.jar -C saslfail-store/target/test-classes org/saslfail/store/StoreBench.class
CP="$OUT/store-bench.jar:$(ls saslfail-store/target/saslfail-store-*.jar | grep -v tests):$(cat $OUT/store.cp)"
