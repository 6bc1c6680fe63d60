#!/usr/bin/env bash
# Release helpers used by .github/workflows/release.yml (and tested by
# cmd/mentorbot/release_test.go):
#
#   release.sh version vX.Y.Z[-pre]   prints version=, major= and prerelease=
#                                     lines for $GITHUB_OUTPUT; major is empty
#                                     for a pre-release, so vX never moves to one
#   release.sh pin-action IMAGE       points action.yml at a prebuilt image
#                                     instead of building the Dockerfile
#   release.sh notes vX.Y.Z           prints CHANGELOG.md's section for the
#                                     version (the release notes); fails when
#                                     there is none
set -euo pipefail

semver='^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'

case "${1:-}" in
version)
	v="${2:-}"
	if [[ ! "$v" =~ $semver ]]; then
		echo "release.sh: version \"$v\" is not vMAJOR.MINOR.PATCH or vMAJOR.MINOR.PATCH-PRERELEASE" >&2
		exit 2
	fi
	echo "version=$v"
	if [[ -n "${BASH_REMATCH[4]}" ]]; then
		echo "major="
		echo "prerelease=true"
	else
		echo "major=v${BASH_REMATCH[1]}"
		echo "prerelease=false"
	fi
	;;
pin-action)
	image="${2:-}"
	file="${3:-action.yml}"
	if [[ -z "$image" ]]; then
		echo "release.sh pin-action: give the image, e.g. ghcr.io/mentorbot/mentorbot:v1.2.3" >&2
		exit 2
	fi
	if ! grep -q '^  image: Dockerfile$' "$file"; then
		echo "release.sh pin-action: $file has no '  image: Dockerfile' line to replace" >&2
		exit 1
	fi
	sed -i.bak "s|^  image: Dockerfile\$|  image: docker://${image}|" "$file"
	rm -f "$file.bak"
	;;
notes)
	v="${2:-}"
	file="${3:-CHANGELOG.md}"
	notes="$(awk -v v="$v" '
		/^## / { if (found) exit; found = ($2 == v || $2 == "[" v "]") ; next }
		found { print }
	' "$file")"
	if [[ -z "${notes//[[:space:]]/}" ]]; then
		echo "release.sh notes: $file has no \"## $v\" section: write the release notes there first" >&2
		exit 1
	fi
	printf '%s\n' "$notes"
	;;
*)
	echo "usage: release.sh version vX.Y.Z | pin-action IMAGE [action.yml] | notes vX.Y.Z [CHANGELOG.md]" >&2
	exit 2
	;;
esac
