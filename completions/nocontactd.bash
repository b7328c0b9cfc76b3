# bash completion for nocontactd (written by nocontactd --generate-completion-script bash)
_nocontactd() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
        --config) mapfile -t COMPREPLY < <(compgen -f -X '!*.toml' -- "$cur"; compgen -d -- "$cur"); return ;;
        --state-dir) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
        --socket) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    esac
    mapfile -t COMPREPLY < <(compgen -W '--config --state-dir --socket --no-socket --check --version -h --help' -- "$cur")
}
complete -o filenames -F _nocontactd nocontactd
