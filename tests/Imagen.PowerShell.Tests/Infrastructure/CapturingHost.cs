using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>
/// A non-interactive PowerShell host that records what commands write to the host rather than to the streams: the
/// lines of Host.UI (a Ctrl+C notice goes there, since the stopped pipeline takes no more records) and every progress
/// record as the console would receive it, with when it arrived. Thread-safe: the engine writes from the pipeline
/// thread while a test reads.
/// </summary>
public sealed class CapturingHost : PSHost
{
    private readonly CapturingUserInterface _ui;

    public CapturingHost()
    {
        _ui = new CapturingUserInterface();
    }

    /// <summary>Every line written to the host, in order.</summary>
    public IReadOnlyList<HostLine> Lines => _ui.Lines();

    /// <summary>The text of the host's warning lines (Host.UI.WriteWarningLine, and warnings the engine shows).</summary>
    public IReadOnlyList<string> Warnings => Lines.Where(l => l.Kind == HostLineKind.Warning).Select(l => l.Text).ToList();

    /// <summary>Every progress record the host was asked to draw, in order, as it was at that moment.</summary>
    public IReadOnlyList<HostProgress> Progress => _ui.ProgressWrites();

    public override string Name => "ImagenTestCapturingHost";

    public override Version Version { get; } = new Version(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    public override void SetShouldExit(int exitCode)
    {
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException("The test host has no nested prompt.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("The test host has no nested prompt.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    private sealed class CapturingUserInterface : PSHostUserInterface
    {
        private readonly object _gate = new();
        private readonly List<HostLine> _lines = new();
        private readonly List<HostProgress> _progress = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public override PSHostRawUserInterface RawUI { get; } = new FixedRawUserInterface();

        public IReadOnlyList<HostLine> Lines()
        {
            lock (_gate)
            {
                return _lines.ToList();
            }
        }

        public IReadOnlyList<HostProgress> ProgressWrites()
        {
            lock (_gate)
            {
                return _progress.ToList();
            }
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            // A copy of what the record says now: the writer may reuse the object for its next update.
            var seen = new HostProgress(_clock.Elapsed, sourceId, record.ActivityId, record.ParentActivityId, record.Activity,
                record.StatusDescription, record.CurrentOperation, record.PercentComplete, record.RecordType);
            lock (_gate)
            {
                _progress.Add(seen);
            }
        }

        public override void Write(string value) => Add(HostLineKind.Output, value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Add(HostLineKind.Output, value);

        public override void WriteLine(string value) => Add(HostLineKind.Output, value);

        public override void WriteErrorLine(string value) => Add(HostLineKind.Error, value);

        public override void WriteWarningLine(string message) => Add(HostLineKind.Warning, message);

        public override void WriteVerboseLine(string message) => Add(HostLineKind.Verbose, message);

        public override void WriteDebugLine(string message) => Add(HostLineKind.Debug, message);

        // Nobody answers in a test: a command that asks must fail loudly instead of hanging.
        public override string ReadLine() => throw NotInteractive();

        public override SecureString ReadLineAsSecureString() => throw NotInteractive();

        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) => throw NotInteractive();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NotInteractive();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NotInteractive();

        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) => throw NotInteractive();

        private static PSInvalidOperationException NotInteractive() => new("The test host is not interactive: nothing can be asked.");

        private void Add(HostLineKind kind, string text)
        {
            lock (_gate)
            {
                _lines.Add(new HostLine(_clock.Elapsed, kind, text));
            }
        }
    }

    /// <summary>A window of fixed size, for engine code that asks the host about its screen.</summary>
    private sealed class FixedRawUserInterface : PSHostRawUserInterface
    {
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        public override Coordinates CursorPosition { get; set; }

        public override Coordinates WindowPosition { get; set; }

        public override int CursorSize { get; set; } = 25;

        public override Size BufferSize { get; set; } = new Size(120, 3000);

        public override Size WindowSize { get; set; } = new Size(120, 50);

        public override Size MaxWindowSize => new(120, 50);

        public override Size MaxPhysicalWindowSize => new(120, 50);

        public override bool KeyAvailable => false;

        public override string WindowTitle { get; set; } = string.Empty;

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new PSInvalidOperationException("The test host is not interactive: no key can be read.");

        public override void FlushInputBuffer()
        {
        }

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents)
        {
        }

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
        {
        }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) =>
            throw new NotSupportedException("The test host keeps no screen buffer.");

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
        {
        }
    }
}

public enum HostLineKind
{
    Output,
    Error,
    Warning,
    Verbose,
    Debug,
}

/// <summary>A line written to the host, with when it came (time since the host was made).</summary>
public sealed record HostLine(TimeSpan At, HostLineKind Kind, string Text);

/// <summary>A progress record as the host received it, with when it came (time since the host was made).</summary>
public sealed record HostProgress(
    TimeSpan At,
    long SourceId,
    int ActivityId,
    int ParentActivityId,
    string Activity,
    string StatusDescription,
    string? CurrentOperation,
    int PercentComplete,
    ProgressRecordType RecordType)
{
    /// <summary>Same bar, same text and percentage: what a redraw repeats.</summary>
    public bool Shows(HostProgress other) =>
        ActivityId == other.ActivityId && ParentActivityId == other.ParentActivityId && Activity == other.Activity &&
        StatusDescription == other.StatusDescription && CurrentOperation == other.CurrentOperation &&
        PercentComplete == other.PercentComplete && RecordType == other.RecordType;
}
