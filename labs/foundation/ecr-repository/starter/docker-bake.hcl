# What CI runs to build and push the web image: `docker buildx bake --push web`.
# REGISTRY and TAG come from the pipeline (TAG is the release, e.g. v1.4.2).
variable "REGISTRY" { default = "123456789012.dkr.ecr.us-east-1.amazonaws.com" }
variable "TAG" { default = "dev" }

target "web" {
  context    = "app"
  dockerfile = "Dockerfile"
  # One multi-platform image: an index with an image per CPU architecture. A task pulls the
  # one for the architecture it runs on.
  platforms  = ["linux/amd64", "linux/arm64"]
  tags       = ["${REGISTRY}/ecs-lab/web:${TAG}"]
}
