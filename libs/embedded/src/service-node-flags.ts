/**
 * V8 flags for every service process. By default V8 sizes its heap for the machine (24 GB here) and
 * keeps what it grew; these bounds kept each service under 200 MB RSS through the benchmark (lists
 * of 5,000 ports included) with no CPU cost measured (docs/benchmarks.md).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=192'];
