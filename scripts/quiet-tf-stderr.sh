# Sourced by ./tfj and ./tfj-spark just before they exec java. TF prints INFO lines (oneDNN, CPU
# features) to stderr at start-up; warnings and errors still show.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-1}"
# More come from absl's LOG, which TF_CPP_MIN_LOG_LEVEL does not reach and TF Java has no setting
# for (MLIR at start-up, auto_mixed_precision.cc with --bf16): stderr is filtered of absl's INFO
# lines and its start-up notice (warnings, errors and everything else pass, line by line) unless
# TF_CPP_MIN_LOG_LEVEL=0 or -Dtfj.debug=true asks for everything. java still replaces the calling
# shell (exec), so signals reach it directly.
if [[ "$TF_CPP_MIN_LOG_LEVEL" != 0 && "${TFJ_JAVA_OPTS:-}" != *-Dtfj.debug=true* ]]; then
  absl_info='^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR|I[0-9]{4} [0-9:.]+ +[0-9]+ [A-Za-z0-9_]+\.cc:[0-9]+\] .*)$'
  exec 2> >(grep -Ev --line-buffered "$absl_info" >&2)
fi
