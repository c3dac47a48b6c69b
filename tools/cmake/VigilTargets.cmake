# Helpers that give every Vigil target the same warnings, sanitizers and layout (after absl_cc_library).

# Warnings are PRIVATE to our own targets so they never leak into consumers (Seastar's habit).
function(vigil_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual
                                           -Wno-missing-field-initializers)
  if(VIGIL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  # GCC 12 reports std::string copies and concatenations inlined at -O2 as out-of-bounds memcpy, and at -O3
  # and in link-time optimisation also as overlapping or over-reading (GCC PRs 105329, 105651, fixed in 13);
  # ASan in the dev preset checks real bounds at run time instead. Link options too: link-time
  # optimisation compiles the code again at link.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    set(gcc12_false_positives -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread -Wno-restrict)
    target_compile_options(${target} PRIVATE ${gcc12_false_positives})
    target_link_options(${target} PRIVATE ${gcc12_false_positives})
  endif()
  if(VIGIL_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# Precompiled standard, JSON and GoogleTest headers: parsed once per target instead of once per file, which
# roughly halves a clean build (CI builds everything twice, release and ASan, on two cores).
set(VIGIL_PCH_COMMON <algorithm> <array> <cstdint> <cstring> <functional> <memory> <optional> <string>
                     <string_view> <utility> <vector>)
function(vigil_precompile target)
  if(NOT VIGIL_PCH)
    return()
  endif()
  target_precompile_headers(${target} PRIVATE ${VIGIL_PCH_COMMON} ${ARGN})
endfunction()

# vigil_library(NAME DIRS dir... [EXCLUDE dir...] INCLUDE dir DEPS target...)
# Sources are every .cc under DIRS but not under EXCLUDE; one concept per file, so adding a file needs no
# list edit.
function(vigil_library name)
  cmake_parse_arguments(ARG "" "INCLUDE" "DIRS;EXCLUDE;DEPS" ${ARGN})
  set(sources)
  foreach(dir IN LISTS ARG_DIRS)
    file(GLOB_RECURSE found CONFIGURE_DEPENDS ${dir}/*.cc)
    list(APPEND sources ${found})
  endforeach()
  foreach(dir IN LISTS ARG_EXCLUDE)
    list(FILTER sources EXCLUDE REGEX "^${dir}/")
  endforeach()
  if(NOT sources)
    return()  # a module being started: nothing to build yet
  endif()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${ARG_INCLUDE})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  vigil_target_options(${name})
  vigil_precompile(${name})
  if(VIGIL_SANITIZE)
    target_link_options(${name} INTERFACE -fsanitize=address,undefined)
  endif()
endfunction()

# vigil_executable(NAME SOURCES file... DEPS target...)
function(vigil_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  vigil_target_options(${name})
endfunction()

# vigil_unit_tests(MODULE path DEPS target...): one gtest binary per tests/unit/<path> directory.
function(vigil_unit_tests module)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/${module}/*_test.cc)
  if(NOT sources)
    return()
  endif()
  string(REPLACE "/" "_" flat ${module})
  set(target unit_${flat})
  add_executable(${target} ${sources})
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} GTest::gtest_main GTest::gmock)
  target_compile_definitions(${target} PRIVATE VIGIL_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                                               VIGIL_BINARY_DIR="${CMAKE_BINARY_DIR}")
  vigil_target_options(${target})
  vigil_precompile(${target} <gtest/gtest.h> <gmock/gmock.h>)
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit)
  # `vigil_unit_tests` builds every unit test binary and nothing else (the sanitizer run in CI).
  if(NOT TARGET vigil_unit_tests)
    add_custom_target(vigil_unit_tests)
  endif()
  add_dependencies(vigil_unit_tests ${target})
endfunction()
