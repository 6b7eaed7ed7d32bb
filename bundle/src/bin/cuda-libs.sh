# Finds the CUDA libraries the engine's GPU backend loads and puts their folders on the dynamic
# loader's path. Sourced (not run) by ./hne, bin/hne, bin/hne-parity and bin/hne-gpu-check, before
# the JVM starts: the loader reads LD_LIBRARY_PATH once, at process start, so the JVM cannot fix it.
#
# Wanted: libcuda.so.1 (the driver), libcudnn.so.9 (cuDNN 9; it opens its sub-libraries
# libcudnn_*.so.9 from its own folder at run time, and those need cuBLAS/cuBLASLt and NVRTC of the
# CUDA version cuDNN was built for), libcublas.so.12 (JCublas2 12.6 links it) or .13, libcublasLt,
# libnvrtc. Searched, in this order, each library in the first folder that has it:
#   1. HNE_CUDA_LIBS         folders, colon-separated (an explicit choice wins)
#   2. LD_LIBRARY_PATH       already on the loader path: nothing to add
#   3. the ldconfig cache    already found by the loader: nothing to add
#   4. CUDA_HOME, CUDA_PATH  their lib64/, lib/ and targets/x86_64-linux/lib/
#   5. /usr/local/nvidia/lib64 (where NVIDIA's container runtime mounts the driver), /usr/local/cuda/lib64
#   6. Python environments   site-packages/nvidia/*/lib of $VIRTUAL_ENV, $CONDA_PREFIX, /opt/*/.venv,
#                            /opt/conda, ~/.local and, when something is still missing and a driver was
#                            found, the python3 on the PATH (pip's nvidia-cudnn-cu13, nvidia-cublas, ...
#                            wheels, which PyTorch installs, unpack there)
# Afterwards HNE_CUDA_LIBS_ADDED holds the folders that were added (doctor prints it).
# Costs a few milliseconds; the python3 query (tens of ms) only runs as said in 6.

hne_cuda_wanted=(libcuda.so.1 libcudnn.so.9 libcublas.so.12 libcublas.so.13 libcublasLt.so.12 libcublasLt.so.13
  libnvrtc.so.12 libnvrtc.so.13)

# Folders that may hold the libraries, best first, one per line (duplicates and missing ones allowed).
hne_cuda_candidate_dirs() {
  local IFS=: d home sp
  for d in ${HNE_CUDA_LIBS:-}; do
    if [[ -n "$d" ]]; then echo "$d"; fi
  done
  for home in "${CUDA_HOME:-}" "${CUDA_PATH:-}"; do
    if [[ -n "$home" ]]; then printf '%s\n' "$home/lib64" "$home/lib" "$home/targets/x86_64-linux/lib"; fi
  done
  # the NVIDIA container convention for the driver, and CUDA's default install folder
  printf '%s\n' /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/local/cuda/lib64
  IFS=$' \t\n'
  for sp in "${VIRTUAL_ENV:-/nonexistent}"/lib/python3*/site-packages "${CONDA_PREFIX:-/nonexistent}"/lib/python3*/site-packages \
      /opt/*/.venv/lib/python3*/site-packages /opt/*/lib/python3*/site-packages /opt/conda/lib/python3*/site-packages \
      "$HOME"/.local/lib/python3*/site-packages /usr/local/lib/python3*/dist-packages; do
    if [[ -d "$sp/nvidia" ]]; then printf '%s\n' "$sp"/nvidia/*/lib; fi
  done
  return 0
}

# The python3 on the PATH may live anywhere (a venv not named above): ask it, once, if needed.
hne_cuda_python_dirs() {
  command -v python3 >/dev/null 2>&1 || return 0
  local sp
  for sp in $(python3 -c 'import site, sys; print(*site.getsitepackages(), *([site.getusersitepackages()] if site.ENABLE_USER_SITE else []))' 2>/dev/null); do
    if [[ -d "$sp/nvidia" ]]; then printf '%s\n' "$sp"/nvidia/*/lib; fi
  done
  return 0
}

# The first of the folders on stdin that holds $1, or nothing.
hne_cuda_first_dir_with() {
  local d
  while read -r d; do
    if [[ -n "$d" && -e "$d/$1" ]]; then echo "$d"; break; fi
  done
  return 0
}

# 0 when the loader finds $1 already (LD_LIBRARY_PATH or the ldconfig cache).
hne_cuda_on_loader_path() {
  local IFS=: d
  for d in ${LD_LIBRARY_PATH:-}; do
    if [[ -n "$d" && -e "$d/$1" ]]; then return 0; fi
  done
  [[ -n "${hne_cuda_ldconfig:-}" ]] || hne_cuda_ldconfig="$( { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | awk '{print $1}')"
  grep -qxF -- "$1" <<< "$hne_cuda_ldconfig"
}

hne_cuda_find_libs() {
  local lib d added="" missing=() dirs
  for lib in "${hne_cuda_wanted[@]}"; do
    hne_cuda_on_loader_path "$lib" || missing+=("$lib")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    dirs="$(hne_cuda_candidate_dirs)"
    local still=()
    for lib in "${missing[@]}"; do
      d="$(hne_cuda_first_dir_with "$lib" <<< "$dirs")"
      if [[ -n "$d" ]]; then
        [[ ":$added:" == *":$d:"* ]] || added="${added:+$added:}$d"
      else
        still+=("$lib")
      fi
    done
    # No driver anywhere means no GPU: then asking python3 (tens of ms per start) buys nothing.
    local driver_found=1
    for lib in "${still[@]}"; do
      if [[ "$lib" == libcuda.so.1 ]]; then driver_found=0; fi
    done
    if [[ ${#still[@]} -gt 0 && $driver_found -eq 1 ]]; then
      dirs="$(hne_cuda_python_dirs)"
      for lib in "${still[@]}"; do
        d="$(hne_cuda_first_dir_with "$lib" <<< "$dirs")"
        if [[ -n "$d" && ":$added:" != *":$d:"* ]]; then added="${added:+$added:}$d"; fi
      done
    fi
  fi
  export HNE_CUDA_LIBS_ADDED="$added"
  if [[ -n "$added" ]]; then
    export LD_LIBRARY_PATH="$added${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
  return 0
}

# HNE_CUDA_DISCOVERY=0 leaves the loader path alone (for comparing with and without).
if [[ "${HNE_CUDA_DISCOVERY:-1}" != 0 ]]; then hne_cuda_find_libs; fi
