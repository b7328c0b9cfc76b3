# fish completion for nocontactd (written by nocontactd --generate-completion-script fish)
complete -c nocontactd -f
complete -c nocontactd -l config -x -a '(__fish_complete_suffix .toml)' -d 'The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).'
complete -c nocontactd -l state-dir -x -a '(__fish_complete_directories)' -d 'Where state is kept (default: $XDG_STATE_HOME/nocontact).'
complete -c nocontactd -l socket -r -F -d 'The control socket (default: from the config, %t/nocontact/control.socket).'
complete -c nocontactd -l no-socket -d 'Do not open the control socket.'
complete -c nocontactd -l check -d 'Check the config, print any errors, and exit (0 valid, 2 invalid).'
complete -c nocontactd -l version -d 'Show the version.'
complete -c nocontactd -s h -l help -d 'Show help information.'
