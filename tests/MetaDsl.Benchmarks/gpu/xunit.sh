#!/usr/bin/env bash
# Runs one test assembly of the bundle with xunit's console runner (which targets an older .NET, so it rolls
# forward to the runtime carried). Used by device.sh: xunit.sh <bundle> <folder> <assembly> <xml> [runner options].
set -u
b=$1 folder=$2 assembly=$3 xml=$4
shift 4
DOTNET_ROLL_FORWARD=Major "$b/dotnet/dotnet" exec --depsfile "$b/$folder/$assembly.deps.json" \
    --runtimeconfig "$b/$folder/$assembly.runtimeconfig.json" \
    "$b/$folder/xunit.console.dll" "$b/$folder/$assembly.dll" -nocolor -verbose -xml "$xml" "$@"
