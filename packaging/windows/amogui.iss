; Inno Setup script: installs the PyInstaller one-folder build (dist\amogui) per user,
; registers the foryoure:// URL scheme under HKCU (no admin rights) and removes it on
; uninstall. Build: iscc packaging\windows\amogui.iss  (after packaging/build on Windows)

#define AppName "amogui"
#define AppVersion "0.1.0"
#define Scheme "foryoure"

[Setup]
AppId={{6C1B2D9E-3F4A-4B8C-9D0E-A1B2C3D4E5F6}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=amogui developers
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputDir=..\..\dist\installer
OutputBaseFilename=amogui-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\amogui.exe

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "uk"; MessagesFile: "compiler:Languages\Ukrainian.isl"

[Files]
Source: "..\..\dist\amogui\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\amogui.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"

[Registry]
; HKCU\Software\Classes\foryoure: the same keys `amogui handler install` writes.
Root: HKCU; Subkey: "Software\Classes\{#Scheme}"; ValueType: string; ValueName: ""; \
  ValueData: "URL:{#Scheme} (amogui)"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#Scheme}"; ValueType: string; \
  ValueName: "URL Protocol"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\{#Scheme}\DefaultIcon"; ValueType: string; \
  ValueName: ""; ValueData: """{app}\amogui.exe"",0"
; "--" marks where the untrusted URL starts: it can never be read as an option.
Root: HKCU; Subkey: "Software\Classes\{#Scheme}\shell\open\command"; ValueType: string; \
  ValueName: ""; ValueData: """{app}\amogui.exe"" open-url -- ""%1"""

[Run]
Filename: "{app}\amogui.exe"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent
