function __nocontact_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __nocontact_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __nocontact_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __nocontact_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __nocontact_parse_tokens -S
    set -l unparsed_tokens (__nocontact_tokens -pc)
    switch $unparsed_tokens[1]
    case 'nocontact'
        __nocontact_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'days'
            __nocontact_parse_subcommand 0 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'status'
            __nocontact_parse_subcommand 0 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'next'
            __nocontact_parse_subcommand 0 'n/count=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'prompt'
            __nocontact_parse_subcommand 0 'day=' 'theme=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'prompts'
            __nocontact_parse_subcommand 0 'theme=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'reflect'
            __nocontact_parse_subcommand 0 'prompt=' 'mood=' 'text=' 'period=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'urge'
            __nocontact_parse_subcommand 0 'intensity=' 'trigger=' 'unsent' 'acted-on-it' 'pause=' 'period=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'slip'
            __nocontact_parse_subcommand 0 'note=' 'trigger=' 'y/yes' 'period=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'contact'
            __nocontact_parse_subcommand 0 'kind=' 'note=' 'period=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'received'
            __nocontact_parse_subcommand 0 'note=' 'practical' 'personal' 'period=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'extend'
            __nocontact_parse_subcommand 1 'period=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'reasons'
            __nocontact_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __nocontact_parse_subcommand 0 'config=' 'socket=' 'json' 'version' 'h/help'
            case 'add'
                __nocontact_parse_subcommand -r 1 'config=' 'socket=' 'json' 'version' 'h/help'
            case 'remove'
                __nocontact_parse_subcommand 1 'config=' 'socket=' 'json' 'version' 'h/help'
            end
        case 'ready'
            __nocontact_parse_subcommand 0 'text' 'period=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'letter'
            __nocontact_parse_subcommand 0 'text=' 'period=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'close'
            __nocontact_parse_subcommand 0 'y/yes' 'period=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'pause'
            __nocontact_parse_subcommand 1 'until=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'resume'
            __nocontact_parse_subcommand 0 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'support'
            __nocontact_parse_subcommand 0 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'history'
            __nocontact_parse_subcommand 0 'since=' 'kind=+' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'stats'
            __nocontact_parse_subcommand 0 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'export'
            __nocontact_parse_subcommand 0 'format=' 'o/output=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'check'
            __nocontact_parse_subcommand 0 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'calendar'
            __nocontact_parse_subcommand -r 1 'base-time=' 'iterations=' 'json' 'version' 'h/help'
        case 'watch'
            __nocontact_parse_subcommand 0 'n/count=' 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'reload'
            __nocontact_parse_subcommand 0 'config=' 'socket=' 'json' 'version' 'h/help'
        case 'install'
            __nocontact_parse_subcommand 0 'prefix=' 'dry-run' 'version' 'h/help'
        case 'uninstall'
            __nocontact_parse_subcommand 0 'prefix=' 'purge' 'yes' 'dry-run' 'version' 'h/help'
        case 'help'
            __nocontact_parse_subcommand -r 1 'version'
        end
    end
end

function __nocontact_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __nocontact_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __nocontact_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __nocontact_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__nocontact_tokens -p)
    if test -z "$(__nocontact_tokens -t)"
        set -l index (count (__nocontact_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'nocontact' -f
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'days' -d 'Show the days of space so far and left for each period.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'status' -d 'Show whether nocontactd runs, your periods and what comes next.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'next' -d 'List the next prompts, milestones and period ends with their due times.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'prompt' -d 'Show today\'s prompt (or the one for a day of your period).'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'prompts' -d 'List the prompts in use: the built-in library and your own.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'reflect' -d 'Answer today\'s prompt (or write freely). Your words stay on this machine.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'urge' -d 'Record an urge to make contact, after a short pause with your own reasons.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'slip' -d 'Record that you made contact. The count restarts; your days of space so far stay in your history.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'contact' -d 'Record necessary logistics contact your period allows (e.g. --kind children). It never counts as a slip.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'received' -d 'Record that they reached out to you. It is never a slip, and your count goes on.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'extend' -d 'Give a period more days.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'reasons' -d 'Your own reasons for taking space, shown when an urge comes and at the end of a period.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'ready' -d 'The readiness check for the end of a period: a few questions for yourself, never a cue to get in touch.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'letter' -d 'Write a letter to yourself, to read at the end of this period (`nocontact ready` shows it).'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'close' -d 'End a period now, as moving on: its prompts stop, and everything you recorded stays.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'pause' -d 'Pause all deliveries for a while; what falls due meanwhile is skipped, not saved up.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'resume' -d 'End a pause early.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'support' -d 'Where to turn if you are in danger or struggling, with the people you listed in your config.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'history' -d 'Show what you recorded and what was delivered, oldest first.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'stats' -d 'Show each period\'s story: a calendar of its days, urges and mood over the last weeks, runs and longest run.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'export' -d 'Export everything you recorded: Markdown or HTML to read, JSON for programs (schema: docs/export.schema.json), or one file per entry (yaml).'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'check' -d 'Check the config file and explain any problem (exit 0 valid, 2 invalid).'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'calendar' -d 'Show when calendar expressions fall due, as systemd-analyze calendar does.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'watch' -d 'Follow prompts and milestones live as nocontactd delivers them (Ctrl-C stops).'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'reload' -d 'Make nocontactd re-read its config; with errors, it keeps the running config.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'install' -d 'Install nocontactd as your systemd user service: binaries, units and a config.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'uninstall' -d 'Stop nocontactd and remove its units and binaries; your journal and config stay.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact days" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact days" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact days" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact days" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact days" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact status" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact status" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact status" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact status" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact next" count n' -s 'n' -l 'count' -d 'How many to list (1 to 1000).' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact next" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact next" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact next" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact next" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact next" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompt" day' -l 'day' -d 'A day of the current period instead of today.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompt" theme' -l 'theme' -d 'Only prompts of this theme (see `nocontact prompts`).' -rfka 'space self-care apology understanding change growth actions listening gesture acceptance'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompt" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompt" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompt" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompt" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompt" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompts" theme' -l 'theme' -d 'Only this theme: space, self-care, apology, understanding, change, growth, actions, listening, gesture, acceptance.' -rfka 'space self-care apology understanding change growth actions listening gesture acceptance'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompts" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompts" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompts" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompts" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact prompts" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reflect" prompt' -l 'prompt' -d 'Answer this prompt (an id from `nocontact prompts`) instead of today\'s.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reflect" mood' -l 'mood' -d 'How you feel, from 1 (low) to 5 (good).' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reflect" text' -l 'text' -d 'The answer itself.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reflect" period' -l 'period' -d 'The period (by name); default: the one under way.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reflect" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reflect" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reflect" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reflect" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reflect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" intensity' -l 'intensity' -d 'How strong, from 1 (faint) to 5 (overwhelming); asked at a terminal, else 3.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" trigger' -l 'trigger' -d 'What set it off (a song, a place, an evening alone...).' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" unsent' -l 'unsent' -d 'Write the message you would have sent; it is kept here and never sent.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" acted-on-it' -l 'acted-on-it' -d 'You acted on it this time (record any contact itself with `nocontact slip`).'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" pause' -l 'pause' -d 'How long to pause first at a terminal, like 3min, 90s or 0 for none.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" period' -l 'period' -d 'The period (by name); default: the one under way.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact urge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact slip" note' -l 'note' -d 'Anything you want to remember about it.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact slip" trigger' -l 'trigger' -d 'What led to it (a time, a feeling, easy access...).' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact slip" y yes' -l 'yes' -s 'y' -d 'Do not ask for confirmation.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact slip" period' -l 'period' -d 'The period (by name); default: the one under way.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact slip" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact slip" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact slip" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact slip" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact slip" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact contact" kind' -l 'kind' -d 'The kind, one of the period\'s allow list in the config.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact contact" note' -l 'note' -d 'Anything you want to remember about it.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact contact" period' -l 'period' -d 'The period (by name); default: the one under way.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact contact" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact contact" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact contact" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact contact" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact contact" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact received" note' -l 'note' -d 'Anything you want to remember about it (not what they wrote, unless you want to).' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact received" practical' -l 'practical' -d 'It was practical: the children, money, keys, a date.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact received" personal' -l 'personal' -d 'It was about the two of you.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact received" period' -l 'period' -d 'The period (by name); default: the one under way.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact received" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact received" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact received" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact received" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact received" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact extend" period' -l 'period' -d 'The period (by name); default: the one under way.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact extend" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact extend" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact extend" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact extend" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact extend" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact reasons" -eq 1' -fa 'list' -d 'List your reasons, numbered.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact reasons" -eq 1' -fa 'add' -d 'Add a reason (at most 1000 bytes; you can keep up to 100).'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_positional "nocontact reasons" -eq 1' -fa 'remove' -d 'Remove reason number N (as listed).'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons list" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons list" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons list" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons list" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons add" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons add" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons add" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons add" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons remove" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons remove" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons remove" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons remove" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reasons remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact ready" text' -l 'text' -d 'Print the whole check instead of asking the questions one at a time.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact ready" period' -l 'period' -d 'The period (by name); default: the one under way.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact ready" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact ready" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact ready" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact ready" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact ready" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact letter" text' -l 'text' -d 'The letter itself.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact letter" period' -l 'period' -d 'The period (by name); default: the one under way.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact letter" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact letter" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact letter" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact letter" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact letter" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact close" y yes' -l 'yes' -s 'y' -d 'Do not ask for confirmation.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact close" period' -l 'period' -d 'The period (by name); default: the one under way.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact close" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact close" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact close" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact close" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact close" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact pause" until' -l 'until' -d 'Until this time, like "2026-12-24 18:00", 18:00 or tomorrow.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact pause" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact pause" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact pause" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact pause" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact pause" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact resume" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact resume" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact resume" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact resume" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact resume" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact support" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact support" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact support" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact support" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact support" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact history" since' -l 'since' -d 'Only entries since this day (YYYY-MM-DD, local time) or this many days back (e.g. 7d).' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact history"' -l 'kind' -d 'Only this kind (repeatable): reflection, urge, slip, contact, extension, prompt, milestone.' -rfka 'reflection urge slip contact extension prompt milestone'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact history" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact history" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact history" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact history" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact history" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact stats" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact stats" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact stats" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact stats" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact stats" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact export" format' -l 'format' -d 'The format of the export: html is one self-contained page with calendars and charts; yaml is one Markdown file with YAML front matter per entry, in the directory --output names.' -rfka 'markdown json html yaml'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact export" o output' -l 'output' -s 'o' -d 'Write to this file (created 0600; an existing file is not overwritten) instead of standard output; for yaml, into this directory.' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact export" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact export" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact export" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact export" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact check" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact check" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact check" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact check" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact calendar" base-time' -l 'base-time' -d 'Compute from this time instead of now, e.g. \'2026-03-28 12:00:00 UTC\'.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact calendar" iterations' -l 'iterations' -d 'How many elapses to show for each expression.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact calendar" json' -l 'json' -d 'Print JSON: for each expression, its normalized form and elapses (usec, local, utc), or its error.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact calendar" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact calendar" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact watch" count n' -s 'n' -l 'count' -d 'Stop after this many deliveries.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact watch" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact watch" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact watch" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact watch" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact watch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reload" config' -l 'config' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reload" socket' -l 'socket' -d 'The daemon\'s control socket (default: from the config).' -rF
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reload" json' -l 'json' -d 'Print JSON (stable field names) instead of text.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reload" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact reload" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact install" prefix' -l 'prefix' -d 'Install the binaries into PREFIX/bin.' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact install" dry-run' -l 'dry-run' -d 'Say what would be done, and change nothing.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact install" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact install" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact uninstall" prefix' -l 'prefix' -d 'Remove the binaries from PREFIX/bin (default: where the installed unit points, else ~/.local).' -rfka ''
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact uninstall" purge' -l 'purge' -d 'Also delete your journal and your config, for good.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact uninstall" yes' -l 'yes' -d 'Confirm --purge without being asked (needed when not at a terminal).'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact uninstall" dry-run' -l 'dry-run' -d 'Say what would be done, and change nothing.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact uninstall" version' -l 'version' -d 'Show the version.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact uninstall" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'nocontact' -n '__nocontact_should_offer_completions_for_flags_or_options "nocontact help" version' -l 'version' -d 'Show the version.'
