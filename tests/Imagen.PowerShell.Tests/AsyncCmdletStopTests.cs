using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Reflection.Emit;
using System.Threading;
using System.Threading.Tasks;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Ctrl+C on an AsyncCmdlet (issue #4 point 5): Stop() returns only after the cancelled work has unwound, so a
/// partial download is gone before a scheduled task's host exits; work that ignores the stop is waited for only
/// a bounded time. The work here is a probe cmdlet deriving from the module's AsyncCmdlet, so the test controls
/// exactly how long the clean-up takes.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class AsyncCmdletStopTests
{
    private static readonly Lazy<Type> ProbeCmdlet = new(EmitProbeCmdlet);

    [Fact]
    public async Task StopReturnsOnlyAfterTheWorkHasCleanedUp()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool cleanedUp = false;
        StopProbe.Work = async ct =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                // Deleting a partial file, closing a transfer: a moment that ignores the (already cancelled) token.
                await Task.Delay(300, CancellationToken.None);
                cleanedUp = true;
            }
        };

        using var probe = StartProbe();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        probe.Shell.Stop();

        Assert.Equal(PSInvocationState.Stopped, probe.Shell.InvocationStateInfo.State);
        Assert.True(cleanedUp, "Stop() returned while the cancelled work was still cleaning up.");
    }

    [Fact]
    public async Task WorkThatIgnoresTheStopIsWaitedForOnlyBoundedly()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        bool finished = false;
        StopProbe.Work = ct =>
        {
            started.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(60)); // deaf to the token until the test lets it go
            finished = true;
            return Task.CompletedTask;
        };

        using var probe = StartProbe();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // An unbounded wait would hang here until the 60 s above; the 30 s guard turns that into a failure.
        await Task.Run(probe.Shell.Stop).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(finished);
        Assert.Equal(PSInvocationState.Stopped, probe.Shell.InvocationStateInfo.State);
        release.Set();
    }

    [Fact]
    public async Task AQuestionPendingWhenStoppedDoesNotKeepTheWorkWaiting()
    {
        // The work asks ShouldProcess from a worker, but the pipeline is stopped before the pump can ask it:
        // the answer must be cancelled rather than leave the work waiting out the bound.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool unwound = false;
        StopProbe.Work = async ct =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // The pump is gone by now; the question can only end by being cancelled.
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StopProbe.AskCurrent("photo.cr2", "Edit"));
                unwound = true;
                throw;
            }
        };

        using var probe = StartProbe();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        probe.Shell.Stop();

        Assert.True(unwound, "The work was still waiting for an answer to a question that could never be asked.");
    }

    private static ProbeRun StartProbe()
    {
        var state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Test-StopProbe", ProbeCmdlet.Value, null));
        var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddCommand("Test-StopProbe");

        shell.BeginInvoke();
        return new ProbeRun(runspace, shell);
    }

    /// <summary>
    /// Builds `[Cmdlet("Test", "StopProbe")] class StopProbeCommand : AsyncCmdlet { ProcessRecord() =>
    /// RunAsync(StopProbe.Run); }` against the AsyncCmdlet of the module as PowerShell loads it (the test project
    /// does not reference the module's assembly, so it cannot derive from it at compile time).
    /// </summary>
    private static Type EmitProbeCmdlet()
    {
        using var session = new PowerShellSession();
        var assembly = (Assembly)session.Invoke("(Get-Module Imagen).NestedModules[0].ImplementingAssembly").Output.Single().BaseObject;
        Type asyncCmdlet = assembly.GetType("Imagen.PowerShell.Infrastructure.AsyncCmdlet", throwOnError: true)!;
        StopProbe.Bind(asyncCmdlet);

        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Imagen.StopProbe"), AssemblyBuilderAccess.Run)
            .DefineDynamicModule("Imagen.StopProbe");
        var type = module.DefineType("StopProbeCommand", TypeAttributes.Public | TypeAttributes.Sealed, asyncCmdlet);
        type.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(CmdletAttribute).GetConstructor(new[] { typeof(string), typeof(string) })!, new object[] { "Test", "StopProbe" }));
        type.DefineDefaultConstructor(MethodAttributes.Public);

        var processRecord = type.DefineMethod("ProcessRecord", MethodAttributes.Family | MethodAttributes.Virtual | MethodAttributes.HideBySig);
        var il = processRecord.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Call, typeof(StopProbe).GetMethod(nameof(StopProbe.Enter))!);
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Ldftn, typeof(StopProbe).GetMethod(nameof(StopProbe.Run))!);
        il.Emit(OpCodes.Newobj, typeof(Func<CancellationToken, Task>).GetConstructor(new[] { typeof(object), typeof(IntPtr) })!);
        il.Emit(OpCodes.Call, asyncCmdlet.GetMethod("RunAsync", BindingFlags.Instance | BindingFlags.NonPublic, new[] { typeof(Func<CancellationToken, Task>) })!);
        il.Emit(OpCodes.Ret);
        return type.CreateType();
    }

    private sealed record ProbeRun(Runspace Runspace, System.Management.Automation.PowerShell Shell) : IDisposable
    {
        public void Dispose()
        {
            Shell.Dispose();
            Runspace.Dispose();
        }
    }

    /// <summary>What the probe cmdlet's work does; each test sets <see cref="Work"/> (tests in the collection run one at a time).</summary>
    public static class StopProbe
    {
        private static MethodInfo? _shouldProcessAsync;
        private static object? _current;

        public static Func<CancellationToken, Task> Work { get; set; } = _ => Task.CompletedTask;

        public static void Bind(Type asyncCmdlet) =>
            _shouldProcessAsync = asyncCmdlet.GetMethod("ShouldProcessAsync", BindingFlags.Instance | BindingFlags.NonPublic)!;

        public static void Enter(object cmdlet) => _current = cmdlet;

        public static Task Run(CancellationToken cancellationToken) => Work(cancellationToken);

        /// <summary>The running probe's ShouldProcessAsync, as a worker calls it.</summary>
        public static Task<bool> AskCurrent(string target, string action) =>
            (Task<bool>)_shouldProcessAsync!.Invoke(_current, new object[] { target, action })!;
    }
}
