<#
.SYNOPSIS
  Installs niknotes-setup for the current user on Windows (PowerShell 5.1 and PowerShell 7).
.DESCRIPTION
  Checks for Java 17 or newer, builds the jar with the Maven wrapper (or takes a niknotes-setup.jar lying beside
  this script), installs it under a user prefix with a niknotes-setup.cmd launcher added to the user's PATH, and
  makes a class-data-sharing archive for a faster start. Re-running upgrades in place.
.EXAMPLE
  .\install.ps1
  .\install.ps1 -Prefix C:\Tools\niknotes -WithServices
  .\install.ps1 -Uninstall
#>
[CmdletBinding()]
param(
    [string]$Prefix = $(if ($env:NIKNOTES_PREFIX) { $env:NIKNOTES_PREFIX } else { Join-Path $env:LOCALAPPDATA 'niknotes-setup' }),
    [switch]$WithServices,
    [switch]$NoCds,
    [switch]$Uninstall
)
$ErrorActionPreference = 'Stop'
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
$LibDir = Join-Path $Prefix 'lib'
$BinDir = Join-Path $Prefix 'bin'

function Fail([string]$Message, [string]$Fix, [int]$Code = 1) {
    [Console]::Error.WriteLine("error: $Message")
    if ($Fix) { [Console]::Error.WriteLine("  fix: $Fix") }
    exit $Code
}
function Say([string]$Message) { [Console]::Error.WriteLine($Message) }

function Get-UserPath { [Environment]::GetEnvironmentVariable('Path', 'User') }

if ($Uninstall) {
    if (Test-Path $Prefix) { Remove-Item -Recurse -Force $Prefix }
    $parts = @((Get-UserPath) -split ';' | Where-Object { $_ -and ($_ -ne $BinDir) })
    [Environment]::SetEnvironmentVariable('Path', ($parts -join ';'), 'User')
    Say "removed niknotes-setup from $Prefix (your .env files and databases are untouched)"
    exit 0
}

# --- Java >= 17 ---------------------------------------------------------------------------------------------
$java = if ($env:JAVA_HOME) { Join-Path $env:JAVA_HOME 'bin\java.exe' } else { (Get-Command java -ErrorAction SilentlyContinue).Source }
$hint = 'winget install EclipseAdoptium.Temurin.17.JDK   (or download Temurin 17+ from https://adoptium.net), then open a new terminal'
if (-not $java -or -not (Test-Path $java)) { Fail 'Java is not installed (niknotes-setup needs Java 17 or newer)' $hint }
$props = & $java -XshowSettings:properties -version 2>&1 | Out-String
$match = [regex]::Match($props, 'java\.specification\.version = (\d+)')
if (-not $match.Success -or [int]$match.Groups[1].Value -lt 17) {
    Fail "Java $($match.Groups[1].Value) is too old: niknotes-setup needs Java 17 or newer" $hint
}

# --- the jar ---------------------------------------------------------------------------------------------------
$prebuilt = Join-Path $Here 'niknotes-setup.jar'
if (Test-Path $prebuilt) {
    $jar = $prebuilt
    Say "using the prebuilt $jar"
} else {
    $mvnw = Join-Path $Here 'mvnw.cmd'
    if (-not (Test-Path $mvnw)) { Fail 'no niknotes-setup.jar beside this script and no Maven wrapper to build one' 'run install.ps1 from a clone of the repository' }
    Say 'building the jar (mvnw.cmd package; the first build downloads Maven and the dependencies)...'
    Push-Location $Here
    try { & $mvnw -q -B -DskipTests package; if ($LASTEXITCODE -ne 0) { Fail 'the build failed' "run .\mvnw.cmd -B package in $Here to see why" } }
    finally { Pop-Location }
    $jar = Join-Path $Here 'target\niknotes-setup.jar'
}

New-Item -ItemType Directory -Force -Path $LibDir, $BinDir | Out-Null
$installedJar = Join-Path $LibDir 'niknotes-setup.jar'
$jsa = Join-Path $LibDir 'niknotes-setup.jsa'
Copy-Item -Force $jar $installedJar
if (Test-Path $jsa) { Remove-Item -Force $jsa }

# --- launcher ----------------------------------------------------------------------------------------------------
$launcher = @"
@echo off
rem niknotes-setup launcher (written by install.ps1). NIKNOTES_JAVA_OPTS adds JVM options.
set "NIKNOTES_CDS="
if exist "$jsa" set "NIKNOTES_CDS=-XX:SharedArchiveFile=$jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
"$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m %NIKNOTES_CDS% %NIKNOTES_JAVA_OPTS% -jar "$installedJar" %*
"@
Set-Content -Path (Join-Path $BinDir 'niknotes-setup.cmd') -Value $launcher -Encoding ASCII

if (-not $NoCds) {
    # CdsTraining loads the classes of our code, the database and Redis clients, Flyway and the SQLite driver first (see install.sh)
    & $java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m "-XX:ArchiveClassesAtExit=$jsa" -Xlog:cds=off -cp $installedJar io.niknotes.setup.cli.CdsTraining check `
        --connect-timeout 1 --database-url postgresql://cds@127.0.0.1:1/cds --redis-url redis://127.0.0.1:1/0 *> $null
    if (Test-Path $jsa) { Say 'made a class-data-sharing archive (faster start)' }
}

$userPath = Get-UserPath
if (-not (($userPath -split ';') -contains $BinDir)) {
    [Environment]::SetEnvironmentVariable('Path', (@($userPath, $BinDir) | Where-Object { $_ }) -join ';', 'User')
    $env:Path = "$env:Path;$BinDir"
    Say "added $BinDir to your user PATH (new terminals see it)"
}
$version = & (Join-Path $BinDir 'niknotes-setup.cmd') --version | Select-Object -First 1
Say "installed $version in $BinDir\niknotes-setup.cmd"

# --- services ------------------------------------------------------------------------------------------------------
if ($WithServices) {
    $winget = Get-Command winget -ErrorAction SilentlyContinue
    if (-not $winget) {
        Say 'winget is not available: install PostgreSQL 16 from https://www.postgresql.org/download/windows/ and, optionally,'
        Say 'Memurai (a Redis-compatible cache for Windows) or Redis under WSL; then run niknotes-setup init'
        exit 0
    }
    if (-not (Get-Service -Name 'postgresql*' -ErrorAction SilentlyContinue)) {
        Say 'installing PostgreSQL 16 with winget (the installer asks for the postgres superuser password)...'
        & winget install --exact --id PostgreSQL.PostgreSQL.16 --accept-package-agreements --accept-source-agreements
    }
    Get-Service -Name 'postgresql*' -ErrorAction SilentlyContinue | Where-Object Status -ne 'Running' | Start-Service
    Say 'Redis has no official Windows build: the app runs without its cache, or install Memurai (winget install Memurai.MemuraiDeveloper) or Redis in WSL.'
    Say 'then: set NIKNOTES_ADMIN_URL=postgresql://postgres@localhost:5432/postgres and PGPASSWORD, and run niknotes-setup init'
}
Say 'next: niknotes-setup init'
